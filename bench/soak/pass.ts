// Soak worker handler: the task back as its result.
export default function pass (frames: Buffer[]): Buffer[] {
  return frames
}
