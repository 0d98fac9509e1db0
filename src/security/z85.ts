/**
 * Z85 (ZeroMQ RFC 32): the text form of CURVE keys. A 32-byte key is 40 characters, so keys
 * can sit in JSON, YAML and certificate files. zeromq.js takes keys in this form but has no codec.
 */
const alphabet = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#'
const values = new Map([...alphabet].map((c, i) => [c, i]))

/** Whether `text` is a Z85-encoded 32-byte key (40 characters of the Z85 alphabet). */
export function isZ85Key (text: unknown): text is string {
  return typeof text === 'string' && text.length === 40 && [...text].every(c => values.has(c))
}

/** Encodes bytes (a multiple of 4 long) as Z85. */
export function z85Encode (bytes: Uint8Array): string {
  if (bytes.length % 4 !== 0) throw new RangeError('Z85 encodes a multiple of 4 bytes')
  let out = ''
  for (let i = 0; i < bytes.length; i += 4) {
    let value = ((bytes[i]! << 24) >>> 0) + (bytes[i + 1]! << 16) + (bytes[i + 2]! << 8) + bytes[i + 3]!
    const chunk: string[] = []
    for (let j = 0; j < 5; j++) {
      chunk.unshift(alphabet[value % 85]!)
      value = Math.floor(value / 85)
    }
    out += chunk.join('')
  }
  return out
}

/** Decodes Z85 text (a multiple of 5 long, Z85 characters only) into bytes. */
export function z85Decode (text: string): Buffer {
  if (text.length % 5 !== 0) throw new RangeError('Z85 text is a multiple of 5 characters long')
  const out = Buffer.alloc(text.length / 5 * 4)
  for (let i = 0; i < text.length; i += 5) {
    let value = 0
    for (let j = 0; j < 5; j++) {
      const digit = values.get(text[i + j]!)
      if (digit === undefined) throw new RangeError('not a Z85 character')
      value = value * 85 + digit
    }
    if (value > 0xffffffff) throw new RangeError('Z85 group out of range')
    out.writeUInt32BE(value, i / 5 * 4)
  }
  return out
}
