/**
 * The topology hostile input is thrown at (test/integration/hostile.ts, bench/hostile.ts): every
 * kind of actor that binds, each on a tcp port of its own, plain and with CURVE (`curve`), built
 * from the test's fixture modules (`fixture` turns `upper.js` into its path).
 */
export function hostileActors (fixture: (file: string) => string, curve: object, which: 'plain' | 'curve' | 'both' = 'both'): Record<string, object> {
  const any = ['tcp://127.0.0.1:*']
  const kinds = (suffix: string, extra: object): Record<string, object> => ({
    [`rep${suffix}`]: { kind: 'responder', bind: any, handler: fixture('upper.js'), ...extra },
    [`pub${suffix}`]: { kind: 'publisher', bind: any, source: fixture('count-source.js'), rate: 100, ...extra },
    [`sub${suffix}`]: { kind: 'subscriber', bind: any, ...extra },
    [`pull${suffix}`]: { kind: 'sink', bind: any, ...extra },
    [`push${suffix}`]: { kind: 'ventilator', bind: any, source: fixture('count-source.js'), rate: 100, ...extra },
    [`broker${suffix}`]: { kind: 'proxy', frontend: { type: 'router', bind: any, ...extra }, backend: { type: 'dealer', bind: any, ...extra } },
    [`xbroker${suffix}`]: { kind: 'proxy', frontend: { type: 'xsub', bind: any, ...extra }, backend: { type: 'xpub', bind: any, ...extra } },
  })
  return { ...(which !== 'curve' ? kinds('', {}) : {}), ...(which !== 'plain' ? kinds('-curve', { curve }) : {}) }
}
