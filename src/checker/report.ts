/**
 * Text and JSON renderings of check results, counterexample traces and the
 * matrix. Pure functions returning strings; the command prints them.
 */
import type {CheckResult, MatrixResult} from './index.js'
import {versionName} from './scenario.js'

const ms = (t: number) => (t < 10 ? t.toFixed(1) : t.toFixed(0)) + ' ms'

export function renderCheck(r: CheckResult): string {
  const out: string[] = []
  out.push(`${r.verdict}: writer ${r.writer}, reader ${r.reader} (${r.mode}), model ${r.model}, ${r.updates} update${r.updates > 1 ? 's' : ''}, ${r.attempts} reader attempt${r.attempts > 1 ? 's' : ''}, ${r.layout} layout`)
  out.push(`states explored: ${r.states}, transitions: ${r.transitions}, time: ${ms(r.timeMs)}`)
  if (r.verdict === 'SAFE') {
    out.push(r.mode === 'local'
      ? 'Every snapshot the reader can return is a record Xen published (its own vCPU is never rewritten while it reads).'
      : 'Every snapshot the reader can return is a record Xen published, with XEN_RUNSTATE_UPDATE clear.')
  }
  if (r.verdict === 'UNKNOWN') out.push('The search hit its state limit before finishing.')
  if (!r.trace || !r.snapshot) return out.join('\n')
  out.push('')
  out.push('Counterexample (pCPU0 = Xen rewriting the vCPU\'s runstate area, CPU1 = the guest reading it):')
  const w = String(r.trace.length).length
  for (const t of r.trace) {
    const arrow = t.op === 'store' ? 'store' : 'load '
    out.push(`  ${String(t.n).padStart(w)}. ${t.cpu.padEnd(10)} ${arrow} ${t.what}`)
    if (t.op === 'load') out.push(`  ${' '.repeat(w)}  ${' '.repeat(10)}       -> ${t.value} (${t.matches})`)
    if (t.overtakes.length) out.push(`  ${' '.repeat(w)}  ${' '.repeat(10)}       reordered ahead of: ${t.overtakes.join('; ')}`)
  }
  const s = r.snapshot
  out.push('')
  out.push(`The reader returned the copy from attempt ${s.attempt}:`)
  const fw = Math.max(...s.fields.map((f) => f.field.length))
  for (const f of s.fields) out.push(`  ${f.field.padEnd(fw)} = ${f.value.padEnd(20)} ${f.note}`)
  const parts: string[] = []
  if (s.mixes.length > 1) parts.push(`it mixes ${s.mixes.map(versionName).join(' and ')}`)
  if (s.fields.some((f) => f.versions.length === 0 && !f.note.includes('XEN_RUNSTATE_UPDATE'))) parts.push('a field matches no published record (its words come from different updates)')
  if (s.flagSet) parts.push('XEN_RUNSTATE_UPDATE is set in it')
  out.push(`Torn: ${parts.join('; ') || 'it equals no published record'}.`)
  return out.join('\n')
}

export function renderMatrix(m: MatrixResult): string {
  const cell = (c: {verdict: string; states: number}) => `${c.verdict} ${c.states}`
  const rows = m.rows.map((r) => [r.writer, r.reader, ...r.cells.map(cell)])
  const head = ['writer', 'reader', ...m.models]
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cols: string[]) => cols.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()
  return [
    `${m.mode} reader, ${m.updates} update${m.updates > 1 ? 's' : ''}: verdict and states explored per memory model`,
    line(head),
    line(widths.map((x) => '-'.repeat(x))),
    ...rows.map(line),
    `${m.rows.length * m.models.length} checks, ${m.states} states in ${ms(m.timeMs)} (${Math.round(m.states / (m.timeMs / 1000))} states/s)`,
  ].join('\n')
}

export function toJson(x: CheckResult | MatrixResult): string {
  return JSON.stringify(x, null, 2)
}
