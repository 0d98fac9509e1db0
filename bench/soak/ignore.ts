// Soak handler for subscribers and the sink: takes each message and keeps nothing.
export default function ignore (): void {}
