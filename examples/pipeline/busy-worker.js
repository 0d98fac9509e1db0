// Worker handler: burn CPU for the task's work units (about 1 µs each), return "<id> <checksum>".
export default function work (frames) {
  const [id, units] = frames[0].toString().split(' ').map(Number)
  let x = id
  for (let i = 0; i < units * 100; i++) x = (x * 1103515245 + 12345) % 2147483648
  return `${id} ${x}`
}
