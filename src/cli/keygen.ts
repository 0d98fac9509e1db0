import { mkdirSync } from 'node:fs'
import { writeKeyPair } from '../security/keys.js'
import { parse, UsageError, type CliIo } from './args.js'

export const keygenHelp = `Usage: zeroactor keygen [--out <dir>] [--name <name>] [--force]

Makes a CURVE key pair, in czmq's certificate format (czmq, pyzmq and JeroMQ
read the same files):
  <dir>/<name>.key         the public key: share it with the peers that must let
                           this one in
  <dir>/<name>.key_secret  the secret key, mode 0600: never share it (zeroactor
                           refuses a secret key file that other users can read)
Prints the public key (for "publicKey", "allow" and "serverKey" in a topology);
never the secret.

Options:
  --out <dir>    where to write the files (made if missing; default: the current
                 folder)
  --name <name>  the files' name (default: zeroactor)
  --force        replace existing files (default: refuse)
`

export async function keygen (argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, name: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } })
  if (values.help === true) { io.stdout.write(keygenHelp); return 0 }
  if (positionals.length > 0) throw new UsageError('keygen takes no positional arguments (use --out and --name)')
  const name = values.name ?? 'zeroactor'
  if (!/^[\w.-]+$/.test(name)) throw new UsageError('--name: letters, digits, _ . - only')
  const out = values.out ?? '.'
  mkdirSync(out, { recursive: true, mode: 0o700 }) // `--out keys` makes keys/, as docs/security.md's steps expect
  const files = writeKeyPair(out, name, { force: values.force === true })
  io.stdout.write(`public key: ${files.publicKey}\npublic key file: ${files.publicFile}\nsecret key file: ${files.secretFile} (mode 0600)\n`)
  return 0
}
