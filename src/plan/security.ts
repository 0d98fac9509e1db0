import { resolve } from 'node:path'
import type { KeyPairSpec, SocketCurveSpec, Topology } from '../topology/schema.js'
import { isLoopback, parseEndpoint } from '../topology/endpoint.js'
import { readPublicKeyFile } from '../security/keys.js'
import { socketRefs, type SocketRef } from './socket-graph.js'
import type { ActorPlan, AddIssue, CurvePlan, LinkPlan } from './types.js'

export type { CurvePlan } from './types.js'

/** What the topology says about one socket's security (socket fields over the actor's). */
export interface SocketSecuritySpec { curve?: SocketCurveSpec, insecure?: true }

export interface SecurityContext {
  topology: Topology
  actors: ActorPlan[]
  links: LinkPlan[]
  baseDir: string
  /** makes ZAP domains unique in a process (the topology name and spawn instance) */
  prefix: string
  specOf: (actor: ActorPlan, socket: string) => SocketSecuritySpec
  /** the field path of a socket in the topology */
  pathOf: (actor: ActorPlan, socket: string) => Array<string | number>
}

type Add = AddIssue
type Ref = SocketRef

/**
 * Fills in `curve` on every socket that uses CURVE, and refuses what would let strangers in:
 * - sockets with a `curve` field: servers (`allow`) and clients (`serverKey`);
 * - with `security.curve`, every link between two nodes: its binder is a server that lets in
 *   the topology's nodes, its connectors are clients with their node's key pair;
 * - every socket that connects to a CURVE server of the topology becomes its client, and must be
 *   in its allow list;
 * - a tcp bind on an address other hosts can reach, without CURVE, needs `insecure: true`.
 */
export function planSecurity (ctx: SecurityContext, add: Add): void {
  const { topology, actors, links } = ctx
  const refs = socketRefs(actors)
  /** a key pair's public key, read from its certificate file if need be (undefined, and reported, when that fails) */
  const publicKeyOf = (pair: Partial<KeyPairSpec>, path: Array<string | number>): string | undefined => {
    if (pair.publicKeyFile === undefined) return pair.publicKey
    try {
      return readPublicKeyFile(resolve(ctx.baseDir, pair.publicKeyFile))
    } catch (error) {
      add([...path, 'publicKeyFile'], (error as Error).message)
      return undefined
    }
  }
  const nodePairs = new Map(Object.entries(topology.nodes ?? {}).flatMap(([name, n]) => {
    const publicKey = n.curve === undefined ? undefined : publicKeyOf(n.curve, ['nodes', name, 'curve'])
    return publicKey === undefined ? [] : [[name, { publicKey, secretKeyFile: resolve(ctx.baseDir, n.curve!.secretKeyFile) }]]
  }))
  const nodeKeys = (): string[] => [...nodePairs.values()].map(p => p.publicKey)
  const pairOf = (ref: Ref, own: Partial<KeyPairSpec> | undefined): Pick<CurvePlan, 'publicKey' | 'secretKeyFile'> | undefined => {
    if (own?.secretKeyFile === undefined) return nodePairs.get(ref.actor.node)
    const publicKey = publicKeyOf(own, [...ctx.pathOf(ref.actor, ref.name), 'curve'])
    return publicKey === undefined ? undefined : { publicKey, secretKeyFile: resolve(ctx.baseDir, own.secretKeyFile) }
  }
  const domainOf = (ref: Ref): string => `zeroactor/${ctx.prefix}/${ref.actor.name}/${ref.name}`
  const noPair = (ref: Ref): string => `needs a CURVE key pair: set "curve": { "publicKey", "secretKeyFile" } here, or give node "${ref.actor.node}" a "curve" key pair (zeroactor keygen)`

  // 1. what each socket's own fields say
  for (const ref of refs) {
    const curve = ctx.specOf(ref.actor, ref.name).curve
    if (curve === undefined) continue
    const pair = pairOf(ref, curve)
    if (pair === undefined) {
      if (curve.secretKeyFile === undefined) add([...ctx.pathOf(ref.actor, ref.name), 'curve'], noPair(ref)) // else its certificate was reported
      continue
    }
    ref.socket.curve = {
      ...pair,
      ...(curve.allow !== undefined ? { server: { domain: domainOf(ref), allow: [...curve.allow] } } : {}),
      serverKeys: Object.fromEntries(curve.serverKey !== undefined ? ref.socket.connect.map(ep => [ep, curve.serverKey!]) : []),
    }
  }

  // 2. the switch: links between nodes
  if (topology.security?.curve === true) {
    for (const link of links) {
      const binder = refs.find(r => r.actor.name === link.binder && r.socket.bind.includes(link.endpoint))!
      const nodesOfLink = new Set([binder.actor.node, ...actors.filter(a => link.connectors.includes(a.name)).map(a => a.node)])
      if (nodesOfLink.size < 2) continue
      for (const node of nodesOfLink) {
        if (topology.nodes?.[node]?.curve === undefined) add(['nodes', node, 'curve'], `"security": { "curve": true } secures link "${link.name}" between nodes ${[...nodesOfLink].join(' and ')}: node "${node}" needs a "curve" key pair ({ "publicKey", "secretKeyFile" }, made by zeroactor keygen)`)
      }
      const curve = binder.socket.curve
      if (curve !== undefined && curve.server === undefined) {
        add([...ctx.pathOf(binder.actor, binder.name), 'curve'], `binds link "${link.name}" between nodes, which "security.curve" makes a CURVE server, but its own "curve" makes it a client: one socket has one CURVE role`)
        continue
      }
      const pair = curve ?? pairOf(binder, undefined)
      if (pair === undefined) continue // reported above, at the node
      binder.socket.curve = { ...pair, serverKeys: {}, ...curve, server: { domain: domainOf(binder), allow: [...new Set([...curve?.server?.allow ?? [], ...nodeKeys()])] } }
    }
  }

  // 3. every socket of the topology that connects to a CURVE server is its client
  for (const server of refs) {
    const served = server.socket.curve?.server
    if (served === undefined) continue
    for (const ep of server.socket.bind) {
      if (ep.startsWith('inproc://')) continue // inproc has no security handshake
      for (const client of refs.filter(r => r.socket.connect.includes(ep))) {
        const path = [...ctx.pathOf(client.actor, client.name), 'connect']
        const curve = client.socket.curve
        if (curve?.server !== undefined) { add(path, `connects to ${ep}, where actor "${server.actor.name}" is a CURVE server, but is a CURVE server itself: one socket has one CURVE role`); continue }
        const pair = curve ?? pairOf(client, undefined)
        if (pair === undefined) { add(path, `connects to ${ep}, where actor "${server.actor.name}" is a CURVE server: it ${noPair(client)}`); continue }
        client.socket.curve = { serverKeys: {}, ...pair, ...curve }
        client.socket.curve.serverKeys[ep] ??= server.socket.curve!.publicKey
        if (!served.allow.includes(pair.publicKey)) add(path, `connects to ${ep} with public key ${pair.publicKey}, which actor "${server.actor.name}" (socket "${server.name}") does not allow`)
      }
    }
  }

  // 4. a CURVE client speaks CURVE on every ipc/tcp connection it makes, to CURVE servers
  for (const ref of refs) {
    const curve = ref.socket.curve
    if (curve === undefined || curve.server !== undefined) continue
    for (const ep of ref.socket.connect) {
      if (ep.startsWith('inproc://')) continue
      const binder = refs.find(r => r.socket.bind.includes(ep))
      const path = [...ctx.pathOf(ref.actor, ref.name), 'connect']
      if (curve.serverKeys[ep] === undefined) add(path, `is a CURVE client but ${ep} is not a CURVE server: one socket speaks CURVE on all its connections or on none (use two sockets)`)
      else if (binder !== undefined && binder.socket.curve?.server === undefined) add(path, `connects with CURVE to ${ep}, but actor "${binder.actor.name}" binds it without being a CURVE server (give it "curve": { "allow": [...] })`)
    }
  }

  // 5. fail closed: nothing reachable from other hosts without CURVE, unless said so
  const logical = new Map(links.map(l => [l.endpoint, l]))
  for (const ref of refs) {
    if (ref.socket.curve !== undefined || ctx.specOf(ref.actor, ref.name).insecure === true) continue
    for (const ep of ref.socket.bind) {
      const parsed = parseEndpoint(ep)
      if (parsed.transport !== 'tcp' || isLoopback(parsed.host)) continue
      const link = logical.get(ep)
      if (link !== undefined) {
        if (topology.nodes?.[ref.actor.node]?.insecure === true) continue
        add(['nodes', ref.actor.node], `link "${link.name}" binds ${ep}, which other hosts can reach, without CURVE: set "security": { "curve": true } (key pairs: zeroactor keygen), or "insecure": true on node "${ref.actor.node}" to let anyone who can connect in`)
      } else {
        add([...ctx.pathOf(ref.actor, ref.name), 'bind'], `${ep} can be reached from other hosts, and this socket has no CURVE: give it "curve": { "allow": [...] } (zeroactor keygen), bind a loopback address, or set "insecure": true to let anyone who can connect in`)
      }
    }
  }
}
