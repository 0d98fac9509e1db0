// Bundles the actor threads' entry (dist/src/host/entry.js, as tsc emitted it) into one file, in
// place, with its source map. Every actor thread loads this entry when it starts; as ~30 ES
// modules, the module loader's work and their records cost 8 threads ~60 ms on 2 cores and
// ~1.4 MB each (bench/README.md, 2026-12-03 evening). `npm run build` runs it after tsc.
//
// A module that actor code can also reach stays a module of its own: whatever the entries for
// actor code import (zeroactor/actor, zeroactor/actors, every built-in actor). Inlined, it would
// load twice in a thread, and a class such as ZeroActorError would exist twice (`instanceof`
// fails across the copies). The main entry (zeroactor) is for the main thread: actor code that
// imports it in a thread gets second copies of a few runtime modules (the counters, the wire
// format, the receive-copy probe), none of which holds a class or state that it shares with the
// host. zeromq is required, not imported: it is CommonJS, and importing it runs the ES module
// loader's CommonJS lexer over it in every thread.
//
// tsc emits the entry anew on every build, so a later `tsc -p .` alone leaves the plain modules,
// which work the same, never a stale bundle.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const entry = join(root, 'dist/src/host/entry.js')
const marker = '// bundled by scripts/bundle-host.mjs'

if (readFileSync(entry, 'utf8').startsWith(marker)) {
  console.log('bundle-host: dist/src/host/entry.js is already the bundle (run tsc -p . first to rebuild it)')
  process.exit(0)
}

/** The files that the package's entries for actor code reach (every built-in actor among them). */
async function sharedFiles () {
  const { exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const actorEntries = ['./actor', './actors'].map(name => join(root, exports[name].default))
  const builtins = readdirSync(join(root, 'dist/actors')).filter(f => f.endsWith('.js')).map(f => join(root, 'dist/actors', f))
  const { metafile } = await build({
    entryPoints: [...actorEntries, ...builtins],
    bundle: true,
    write: false,
    metafile: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    outdir: join(root, 'dist/.shared'),
    absWorkingDir: root, // the metafile's paths are relative to it
    logLevel: 'silent',
  })
  return new Set(Object.keys(metafile.inputs).map(input => resolve(root, input)))
}

const shared = await sharedFiles()
const outdir = dirname(entry)
const { outputFiles, metafile } = await build({
  entryPoints: [entry],
  bundle: true,
  write: false,
  metafile: true,
  sourcemap: 'linked', // composed with tsc's maps: stack traces map back to src/*.ts
  platform: 'node',
  format: 'esm',
  target: 'node22',
  outfile: entry,
  allowOverwrite: true,
  absWorkingDir: root,
  logLevel: 'warning',
  banner: { js: `${marker}\nimport { createRequire as __zeroactorRequire } from 'node:module';\nconst require = __zeroactorRequire(import.meta.url);` },
  plugins: [{
    name: 'zeroactor-host',
    setup (build) {
      // modules actor code shares: imported from where they are
      build.onResolve({ filter: /^\./ }, args => {
        const file = resolve(args.resolveDir, args.path)
        if (!shared.has(file)) return undefined
        const path = relative(outdir, file)
        return { path: path.startsWith('.') ? path : `./${path}`, external: true }
      })
      // zeromq: one require (see above)
      build.onResolve({ filter: /^zeromq$/ }, args => args.namespace === 'zeromq-required' ? { path: 'zeromq', external: true } : { path: 'zeromq', namespace: 'zeromq-required' })
      build.onLoad({ filter: /.*/, namespace: 'zeromq-required' }, () => ({ contents: 'module.exports = require("zeromq")', loader: 'js' }))
    },
  }],
  packages: 'external',
})
const inlined = Object.keys(metafile.inputs).filter(input => !input.startsWith('zeromq-required:'))
const kept = Object.values(metafile.outputs).flatMap(output => output.imports).filter(i => i.external && i.path.startsWith('.'))
// the check that matters: the errors, whose classes actor code matches with instanceof, stay one module
if (!kept.some(i => i.path === '../errors.js')) throw new Error('bundle-host: errors.js would be inlined into the thread entry; it must stay a module of its own')
for (const file of outputFiles) writeFileSync(file.path, file.contents)
console.log(`bundle-host: dist/src/host/entry.js holds ${inlined.length} modules; ${new Set(kept.map(i => i.path)).size} that actor code shares stay modules`)
