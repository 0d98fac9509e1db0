// The README and docs/ as a user reads them from the installed package (there is no repository
// URL to resolve them against): every relative link points at a file the packed tarball holds,
// every #anchor at a heading of its page; the README stays short enough to read in one sitting,
// and the tarball holds no CURVE secret key.
import { execFileSync } from 'node:child_process'
import { readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import t from 'tap'
import { docFiles, root } from '../fixtures/doc-blocks.js'

// without the tap environment: npm runs as a user runs it
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TAP') && name !== 'NODE_OPTIONS'))
const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Array<{ files: Array<{ path: string }> }>
const tarball = packed[0]!.files.map(f => f.path)
const docs = docFiles()

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
function slug (heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')
}

function anchorsOf (doc: string): Set<string> {
  const text = readFileSync(join(root, doc), 'utf8').replace(/^```[\s\S]*?^```/gm, '')
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map(m => slug(m[1]!)))
}

/** Markdown links `[text](target)` outside code blocks and code spans. */
function linksOf (doc: string): string[] {
  const text = readFileSync(join(root, doc), 'utf8').replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`(?!\])/g, '')
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map(m => m[1]!)
}

t.test('the tarball holds README.md and every page of docs/', async t => {
  for (const doc of docs) t.ok(tarball.includes(doc), doc)
})

t.test('every relative link of README.md and docs/ resolves inside the packed tarball', async t => {
  let count = 0
  for (const doc of docs) {
    for (const link of linksOf(doc)) {
      if (/^[a-z]+:/i.test(link)) continue
      count++
      const [path, anchor] = link.split('#') as [string, string | undefined]
      const target = path === '' ? doc : normalize(join(dirname(doc), path)).replace(/\/$/, '')
      t.ok(tarball.includes(target) || tarball.some(f => f.startsWith(`${target}/`)), `${doc}: ${link} is in the tarball`)
      if (anchor !== undefined && target.endsWith('.md')) t.ok(anchorsOf(target).has(anchor), `${doc}: ${link}: ${target} has a heading #${anchor}`)
    }
  }
  t.ok(count >= 50, `${count} relative links checked`)
})

t.test('the README reads in one sitting; docs/ ships no large files; no secret key is packed', async t => {
  const size = statSync(join(root, 'README.md')).size
  t.ok(size <= 15_000, `README.md is ${size} bytes (at most 15 000)`)
  for (const file of tarball.filter(f => f.startsWith('docs/'))) {
    // a page stays under 100 KB; the observer's screenshot (a JPEG of the real page) under 200 KB
    const limit = /\.(jpg|png)$/.test(file) ? 200_000 : 100_000
    t.ok(statSync(join(root, file)).size <= limit, `${file} is under ${limit / 1000} KB`)
  }
  t.same(tarball.filter(f => /key_secret|\.key$/.test(f)), [], 'no key file in the tarball')
})
