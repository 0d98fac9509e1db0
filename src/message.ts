import { InvalidMessageError } from './errors.js'

/** One frame of a message. */
export type Frame = string | Buffer | Uint8Array
/** A message: one frame, or an array of frames sent as one multipart message. */
export type Message = Frame | Frame[]

/**
 * Turns a message into the frames handed to zeromq, without copying bytes. zeromq.js accepts
 * strings and Buffers; a plain Uint8Array is wrapped as a Buffer view of the same memory.
 * @throws {InvalidMessageError} for anything that is not a {@link Message}
 */
export function toFrames (message: unknown): Array<string | Buffer> {
  if (typeof message === 'string' || Buffer.isBuffer(message)) return [message]
  const parts = Array.isArray(message) ? message : [message]
  if (parts.length === 0) throw new InvalidMessageError('a message needs at least one frame')
  return parts.map((part, i) => {
    if (typeof part === 'string' || Buffer.isBuffer(part)) return part
    if (part instanceof Uint8Array) return Buffer.from(part.buffer, part.byteOffset, part.byteLength)
    throw new InvalidMessageError(`frame ${i} is ${describe(part)}: frames are strings, Buffers or Uint8Arrays`)
  })
}

/** Byte length of a frame as it goes on the wire (UTF-8 for strings). */
export function frameSize (frame: string | Buffer): number {
  return typeof frame === 'string' ? Buffer.byteLength(frame) : frame.byteLength
}

function describe (value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? `an object (${value.constructor?.name ?? 'Object'})` : `a ${typeof value}`
}
