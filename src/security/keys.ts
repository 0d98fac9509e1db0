import { chmodSync, openSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs'
import { resolve } from 'node:path'
import { curveKeyPair } from 'zeromq'
import { KeyFileError } from '../errors.js'
import { isZ85Key, z85Decode, z85Encode } from './z85.js'

/**
 * CURVE key pairs in files, in czmq's certificate format (`zcert`): `<name>.key` holds the public
 * key, `<name>.key_secret` the public and the secret key. A czmq, pyzmq or JeroMQ program can use
 * the same files. A secret key only ever lives in its file and in the socket that uses it: it is
 * never part of a topology, a plan, a log line, an error or a stat.
 */
export interface KeyPair {
  /** Z85, 40 characters */
  publicKey: string
  /** Z85, 40 characters */
  secretKey: string
}

/** The files `writeKeyPair` made. */
export interface KeyFiles { publicKey: string, publicFile: string, secretFile: string }

/** PKCS#8 DER prefix of a raw 32-byte X25519 private key (RFC 8410). */
const kX25519Pkcs8 = Buffer.from('302e020100300506032b656e04220420', 'hex')

/** The public key of a CURVE secret key (CURVE's keys are X25519 keys). */
export function publicKeyOf (secretKey: string): string {
  // loaded here: every actor thread imports this file, and node:crypto costs each ~5 ms of start-up
  const { createPrivateKey, createPublicKey } = process.getBuiltinModule('node:crypto')
  const privateKey = createPrivateKey({ key: Buffer.concat([kX25519Pkcs8, z85Decode(secretKey)]), format: 'der', type: 'pkcs8' })
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' })
  return z85Encode(Buffer.from(jwk.x!, 'base64url'))
}

/**
 * Writes a new key pair as `<dir>/<name>.key` and `<dir>/<name>.key_secret` (mode 0600, created
 * exclusively: an existing file is never overwritten unless `force`).
 */
export function writeKeyPair (dir: string, name: string, { force = false, date = new Date() } = {}): KeyFiles {
  const pair = curveKeyPair()
  const base = resolve(dir, name)
  const publicFile = `${base}.key`
  const secretFile = `${base}.key_secret`
  const header = `#   ****  Generated on ${date.toISOString().slice(0, 10)} by zeroactor  ****\n`
  const flags = force ? 'w' : 'wx'
  write(secretFile, `${header}#   ZeroMQ CURVE **Secret** Certificate\n#   DO NOT PROVIDE THIS FILE TO OTHER USERS nor change its permissions.\n\nmetadata\ncurve\n    public-key = "${pair.publicKey}"\n    secret-key = "${pair.secretKey}"\n`, flags, 0o600)
  write(publicFile, `${header}#   ZeroMQ CURVE Public Certificate\n#   Exchange securely, or use a secure mechanism to verify the contents\n#   of this file after exchange.\n\nmetadata\ncurve\n    public-key = "${pair.publicKey}"\n`, flags, 0o644)
  return { publicKey: pair.publicKey, publicFile, secretFile }
}

function write (file: string, text: string, flags: string, mode: number): void {
  let fd: number
  try {
    fd = openSync(file, flags, mode)
  } catch (error) {
    const code = (error as { code?: string }).code
    throw new KeyFileError(code === 'EEXIST' ? `${file} exists: not overwritten (pass --force to replace it)` : `cannot create ${file}: ${code ?? (error as Error).message}`)
  }
  try {
    writeSync(fd, text)
  } finally {
    closeSync(fd)
  }
  chmodSync(file, mode) // a forced overwrite keeps the old file's mode otherwise
}

/**
 * Reads a secret key file (czmq's `.key_secret` format; a bare Z85 secret key on a line of its
 * own is accepted too). Refuses a file that other users can read or write (mode wider than 0600),
 * and one whose `public-key` (or `expectPublicKey`, the topology's) does not belong to its secret key.
 * @throws {KeyFileError} `ERR_ACTOR_KEY_FILE`; the message names the file, never a key
 */
export function readSecretKeyFile (file: string, expectPublicKey?: string): KeyPair {
  let text: string
  try {
    const stat = statSync(file)
    if (!stat.isFile()) throw new KeyFileError(`secret key file ${file} is not a file`)
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      throw new KeyFileError(`secret key file ${file} is open to other users (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}): run chmod 600 ${file}`)
    }
    text = readFileSync(file, 'latin1')
  } catch (error) {
    if (error instanceof KeyFileError) throw error
    throw new KeyFileError(`cannot read secret key file ${file}: ${(error as { code?: string }).code ?? 'error'}`)
  }
  const secretKey = field(text, 'secret-key') ?? (/^\s*([^\s#"]{40})\s*$/m.exec(text)?.[1])
  if (!isZ85Key(secretKey)) throw new KeyFileError(`${file} holds no secret key: expected a czmq certificate with secret-key = "<40 Z85 characters>" (make one with zeroactor keygen)`)
  const publicKey = publicKeyOf(secretKey)
  const written = field(text, 'public-key')
  if (written !== undefined && written !== publicKey) throw new KeyFileError(`${file}: its public-key does not belong to its secret-key`)
  if (expectPublicKey !== undefined && expectPublicKey !== publicKey) throw new KeyFileError(`${file} is not the secret key of public key ${expectPublicKey}`)
  return { publicKey, secretKey }
}

/** Reads the public key of a certificate (`.key` or `.key_secret`). */
export function readPublicKeyFile (file: string): string {
  let text: string
  try {
    text = readFileSync(file, 'latin1')
  } catch (error) {
    throw new KeyFileError(`cannot read key file ${file}: ${(error as { code?: string }).code ?? 'error'}`)
  }
  const key = field(text, 'public-key')
  if (!isZ85Key(key)) throw new KeyFileError(`${file} holds no public key: expected public-key = "<40 Z85 characters>"`)
  return key
}

/** `name = "value"` of a ZPL certificate. */
function field (text: string, name: string): string | undefined {
  return new RegExp(`^\\s*${name}\\s*=\\s*"([^"]*)"\\s*$`, 'm').exec(text)?.[1]
}
