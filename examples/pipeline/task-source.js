// Ventilator source: params.tasks tasks, each "<id> <work units>".
export default function * tasks (params) {
  for (let id = 0; id < params.tasks; id++) yield `${id} ${params.work}`
}
