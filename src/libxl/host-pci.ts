// The host's PCI inventory as `xlsim host init --pci` takes it: BDFs in
// libxlu's syntax ([DDDD:]BB:DD.F), kept in libxl's PCI_BDF form.
import {parsePciBdf, pciBdf} from '../libxlu/pci.js'
import {XlError} from './errors.js'

export function hostPciInventory(list: string): string[] {
  const out: string[] = []
  for (const item of list.split(',').filter(s => s !== '')) {
    const r = parsePciBdf(item)
    if (r.rc || r.pci.vfunc_mask !== 1) throw new XlError(`--pci: malformed BDF "${item}" (expected [DDDD:]BB:DD.F)`, 2)
    const bdf = pciBdf(r.pci)
    if (!out.includes(bdf)) out.push(bdf)
  }
  return out
}
