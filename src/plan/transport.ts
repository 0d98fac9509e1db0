/** The transports a logical link can resolve to, by placement. */
export type Transport = 'inproc' | 'ipc' | 'tcp'

/**
 * Whether a socket has an ipc or tcp endpoint: the links that get heartbeats by default and that
 * the runtime watches for peers coming and going. No imports, so worker threads can use it cheaply.
 */
export const crossesProcesses = (socket: { bind: readonly string[], connect: readonly string[] }): boolean =>
  [...socket.bind, ...socket.connect].some(ep => ep.startsWith('tcp://') || ep.startsWith('ipc://'))
