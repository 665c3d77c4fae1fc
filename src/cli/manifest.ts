// Build step: write oclif.manifest.json so that oclif finds commands without
// importing every command module at start-up (each xl invocation then loads
// only the command it runs). Run by `npm run build` after the bundle, whose
// dist/bundle/commands holds the commands oclif runs.
import {Plugin} from '@oclif/core'
import {writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'

const root = resolve(import.meta.dirname, '..', '..', '..')
const plugin = new Plugin({root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true})
await plugin.load()
writeFileSync(join(root, 'oclif.manifest.json'), JSON.stringify(plugin.manifest))
console.log(`oclif.manifest.json: ${Object.keys(plugin.manifest.commands).length} commands`)
