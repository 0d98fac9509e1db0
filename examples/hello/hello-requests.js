// The seed's hello client sends "Hello" ten times (params.requests to change it).
export default function * requests (params) {
  for (let i = 0; i < (params.requests ?? 10); i++) yield 'Hello'
}
