// xl.cfg `vfb=[...]` (parse_config_data in tools/xl/xl_parse.c): each item
// makes a vfb and a vkb; keys xl does not know are skipped without a word,
// and a token without '=' ends the item.
import type {DeviceVfb} from '../libxl/device-types.js'
import {atoi, strtok} from './cstr.js'

export function parseVfbItem(vfb: DeviceVfb, item: string): void {
  for (const raw of strtok(item, ',')) {
    const p = raw.replace(/^ +/, '')
    const eq = p.indexOf('=')
    if (eq < 0) break
    const key = p.slice(0, eq)
    const v = p.slice(eq + 1)
    switch (key) {
      case 'vnc': vfb.vnc.enable = atoi(v) !== 0; break
      case 'vnclisten': vfb.vnc.listen = v; break
      case 'vncpasswd': vfb.vnc.passwd = v; break
      case 'vncdisplay': vfb.vnc.display = atoi(v); break
      case 'vncunused': vfb.vnc.findunused = atoi(v) !== 0; break
      case 'keymap': vfb.keymap = v; break
      case 'sdl': vfb.sdl.enable = atoi(v) !== 0; break
      case 'opengl': vfb.sdl.opengl = atoi(v) !== 0; break
      case 'display': vfb.sdl.display = v; break
      case 'xauthority': vfb.sdl.xauthority = v; break
      default: break
    }
  }
}
