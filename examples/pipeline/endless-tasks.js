// Ventilator source of the load demo (load.json): tasks without end, each "<id> <work units>";
// the ventilator's rate paces them.
export default function * tasks (params) {
  for (let id = 0; ; id++) yield `${id} ${params.work}`
}
