// libxl_userdata_store / _retrieve (tools/libs/light/libxl_dom.c): per
// domain blobs kept by the toolstack beside the domain (real libxl:
// /var/lib/xen/userdata-d.<domid>.<uuid>.<id>). The one xl uses is "xl":
// the configuration `xl config-update` stores, which xl reloads
// (xl_vmcontrol.c reload_domain_config) to rebuild the domain when it
// restarts it after a reboot. Kept here already built into what the
// domctl takes.
import type {Domain} from '../hypervisor/domain.js'
import type {DomainSpec} from '../hypervisor/domctl.js'

const KEY = 'xlUserdata'

export function storeXlUserdata(d: Domain, spec: DomainSpec): void {
  d.config = {...d.config, [KEY]: spec}
}

export function xlUserdata(d: Domain): DomainSpec | undefined {
  return d.config[KEY] as DomainSpec | undefined
}
