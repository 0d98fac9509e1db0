// REP's rules over a ROUTER: the envelope is kept and put back on the reply, a malformed request
// is dropped, and one reply per request is enforced with SocketStateError.
import t from 'tap'
import { SocketStateError } from '../../../src/errors.js'
import { RepEnvelope } from '../../../src/actor/socket/rep-envelope.js'

const b = (s: string): Buffer => Buffer.from(s)

t.test('the request body is handed out and its envelope goes back on the reply', async t => {
  const rep = new RepEnvelope('rep')
  t.same(rep.open([b('id'), b('label'), b(''), b('q1'), b('q2')]), [b('q1'), b('q2')])
  t.equal(rep.pending, true)
  t.same(rep.wrap(['answer']), [b('id'), b('label'), b(''), 'answer'])
  t.equal(rep.pending, false)
})

t.test('a message without a delimiter or a body is dropped, as REP drops it', async t => {
  const rep = new RepEnvelope('rep')
  t.equal(rep.open([b('id'), b('no delimiter')]), undefined)
  t.equal(rep.open([b('id'), b('')]), undefined)
  t.equal(rep.pending, false)
})

t.test('one reply per request: a second receive or a reply without a request is refused', async t => {
  const rep = new RepEnvelope('rep')
  t.throws(() => rep.wrap(['x']), SocketStateError)
  rep.open([b('id'), b(''), b('q')])
  t.throws(() => rep.checkReceive(), { code: 'ERR_ACTOR_SOCKET_STATE', message: /must reply before it receives/ })
  rep.clear()
  t.doesNotThrow(() => rep.checkReceive(), 'a new native socket has no request pending')
})
