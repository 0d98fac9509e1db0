/**
 * What a topology gets for each field it leaves out. One place, so the schema's docs, the planner
 * and the README agree (docs/topology.md lists them).
 */
import type { Strategy } from './schema.js'

export const kDefaultRestart = 'transient' as const
export const kDefaultMaxRestarts = 3
export const kDefaultPeriod = 5000
export const kDefaultStrategy: Strategy = 'one_for_one'
export const kDefaultShutdownTimeout = 5000
export const kDefaultReadyTimeout = 5000
/** the node of a topology without `nodes` */
export const kDefaultNode = 'local'
export const kDefaultHost = '127.0.0.1'
/** ports a node's logical links bind when its nodes entry gives no portRange */
export const kDefaultPortRange: [number, number] = [5700, 5799]
/**
 * ipc/tcp sockets get ZMTP heartbeats (H16 in docs/hazards.md: a frozen peer is otherwise never noticed; detection
 * takes about interval + timeout), a reconnect that backs off from 100 ms to 1 s, and a connect
 * timeout: without it a connect sent while the network is down waits on the kernel's SYN
 * retries (seconds to minutes) after the network is back.
 */
export const kLinkDefaults = { heartbeatInterval: 1000, heartbeatTimeout: 2000, reconnectMaxInterval: 1000, connectTimeout: 1000 } as const
