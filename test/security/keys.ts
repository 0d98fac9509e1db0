// Key pairs in files: zeroactor keygen, czmq's certificate format, Z85, and the refusals that keep
// a secret key secret (a file other users can read, a file that does not match its public key).
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { curveKeyPair } from 'zeromq'
import { main } from '../../src/cli/main.js'
import { KeyFileError, spawn } from '../../src/index.js'
import { publicKeyOf, readPublicKeyFile, readSecretKeyFile } from '../../src/security/keys.js'
import { isZ85Key, z85Decode, z85Encode } from '../../src/security/z85.js'
import { captureIo } from '../fixtures/io.js'
import { fixtures } from '../fixtures/topology.js'

t.test('Z85: the RFC 32 test vector, and keys round-trip', async t => {
  const bytes = Buffer.from([0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B])
  t.equal(z85Encode(bytes), 'HelloWorld')
  t.same(z85Decode('HelloWorld'), bytes)
  const { publicKey, secretKey } = curveKeyPair()
  t.equal(z85Encode(z85Decode(secretKey)), secretKey)
  t.ok(isZ85Key(publicKey))
  t.notOk(isZ85Key(publicKey.slice(1) + '"'), 'a character outside the alphabet')
  t.throws(() => z85Decode('Hello'.repeat(1) + '~~~~~'), RangeError)
  t.throws(() => z85Encode(Buffer.alloc(3)), RangeError)
})

t.test('the public key of a secret key is the one libzmq made with it (X25519)', async t => {
  for (let i = 0; i < 20; i++) {
    const pair = curveKeyPair()
    t.equal(publicKeyOf(pair.secretKey), pair.publicKey)
  }
})

t.test('zeroactor keygen: a certificate pair, the secret file 0600, the public key printed and the secret not', async t => {
  const dir = t.testdir()
  const io = captureIo()
  t.equal(await main(['keygen', '--out', dir, '--name', 'station'], io.io), 0)
  const publicKey = /public key: (\S{40})/.exec(io.out())![1]!
  const secretFile = join(dir, 'station.key_secret')
  t.equal(statSync(secretFile).mode & 0o777, 0o600)
  t.equal(statSync(join(dir, 'station.key')).mode & 0o777, 0o644)
  t.equal(readPublicKeyFile(join(dir, 'station.key')), publicKey)
  const { secretKey } = readSecretKeyFile(secretFile, publicKey)
  t.notOk(io.out().includes(secretKey), 'the secret key is not printed')
  t.match(readFileSync(secretFile, 'latin1'), /^curve\n {4}public-key = ".{40}"\n {4}secret-key = ".{40}"\n$/m, 'czmq\'s certificate format')

  const again = captureIo()
  t.equal(await main(['keygen', '--out', dir, '--name', 'station'], again.io), 1, 'an existing key pair is never overwritten by default')
  t.match(again.err(), /station\.key_secret exists: not overwritten.*\[ERR_ACTOR_KEY_FILE\]/)
  t.equal(readSecretKeyFile(secretFile).publicKey, publicKey, 'still the first pair')
  chmodSync(secretFile, 0o644)
  t.equal(await main(['keygen', '--out', dir, '--name', 'station', '--force'], captureIo().io), 0)
  t.equal(statSync(secretFile).mode & 0o777, 0o600, '--force writes 0600 over a wider file')
  t.not(readSecretKeyFile(secretFile).publicKey, publicKey, 'a new pair')
  t.equal(await main(['keygen', '--name', 'a/b'], captureIo().io), 2, 'a name is not a path')
})

t.test('a secret key file is refused when other users can read it, when it holds no key, or when it is not the pair\'s', async t => {
  const dir = t.testdir()
  const pair = curveKeyPair()
  const file = join(dir, 'k.key_secret')
  writeFileSync(file, `curve\n    public-key = "${pair.publicKey}"\n    secret-key = "${pair.secretKey}"\n`, { mode: 0o600 })
  t.same(readSecretKeyFile(file, pair.publicKey), pair)
  const refused = (fn: () => unknown, message: RegExp): void => {
    const error = (() => { try { fn() } catch (e) { return e } })() as KeyFileError
    t.ok(error instanceof KeyFileError, String(error))
    t.equal(error.code, 'ERR_ACTOR_KEY_FILE')
    t.match(error.message, message)
    t.notOk(error.message.includes(pair.secretKey), 'the message never holds the secret key')
  }
  refused(() => readSecretKeyFile(file, curveKeyPair().publicKey), /is not the secret key of public key/)
  chmodSync(file, 0o640)
  refused(() => readSecretKeyFile(file), /open to other users \(mode 0640\): run chmod 600/)
  chmodSync(file, 0o600)
  writeFileSync(file, `curve\n    public-key = "${curveKeyPair().publicKey}"\n    secret-key = "${pair.secretKey}"\n`)
  refused(() => readSecretKeyFile(file), /its public-key does not belong to its secret-key/)
  writeFileSync(file, 'not a certificate\n')
  refused(() => readSecretKeyFile(file), /holds no secret key/)
  refused(() => readSecretKeyFile(join(dir, 'missing')), /cannot read secret key file .*missing: ENOENT/)
})

t.test('spawn refuses a secret key file other users can read, before any actor starts', async t => {
  const dir = t.testdir()
  const io = captureIo()
  await main(['keygen', '--out', dir, '--name', 'srv'], io.io)
  const publicKey = /public key: (\S{40})/.exec(io.out())![1]!
  chmodSync(join(dir, 'srv.key_secret'), 0o644)
  const error = await spawn({ name: 'wide', actors: { rep: { kind: 'responder', bind: ['tcp://127.0.0.1:*'], handler: `${fixtures}/echo.ts`, curve: { publicKey, secretKeyFile: join(dir, 'srv.key_secret'), allow: [publicKey] } } } }).catch((e: unknown) => e)
  t.ok(error instanceof KeyFileError)
  t.match((error as Error).message, /srv\.key_secret is open to other users \(mode 0644\)/)
})

t.test('zeroactor keygen --out makes the folder it is given, as the copy-paste steps of docs/security.md expect', async t => {
  const dir = join(t.testdir(), 'keys', 'node-a')
  t.equal(await main(['keygen', '--out', dir, '--name', 'a'], captureIo().io), 0)
  t.ok(readPublicKeyFile(join(dir, 'a.key')).length === 40)
})
