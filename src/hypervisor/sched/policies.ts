// The scheduling policies by xl's scheduler name, as Xen lists its schedulers
// in one array (REGISTER_SCHEDULER in xen/common/sched/private.h, read as
// `schedulers` in core.c); index.ts hands it to the engine, which never names
// a policy.
import type {PolicyTable} from './policy.js'
import {Credit} from './credit.js'
import {Credit2} from './credit2.js'
import {Rtds} from './rt.js'
import {Null} from './null.js'

export const POLICIES: PolicyTable = {credit: Credit, credit2: Credit2, rtds: Rtds, null: Null}
