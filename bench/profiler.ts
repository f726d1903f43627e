// CPU profiles of the timed part of a benchmark (VANTHU_BENCH_PROF=<file prefix>): V8's sampling
// profiler through the inspector, started and stopped around the part that matters.
export async function startProfiler(): Promise<() => Promise<unknown>> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    return profile;
  };
}
