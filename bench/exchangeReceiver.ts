// The receiving agency of the exchange benchmark, in its own process as another office's app is:
// opens the profile at argv[2] and runs the app's own background exchange loop (the long-poll
// listener, plus send passes for the arrival statuses it queues) until told to stop.
// Talks to bench/exchange.ts over the fork IPC channel:
//   → {type:'progress', intake}   at start and whenever the intake changes
//   ← {type:'cpu'}                → {type:'cpu', micros}   (user + system CPU of this process)
//   ← {type:'stop'}               stops the loop, closes the profile, exits
import fs from 'node:fs';
import { Core } from '../core/app';
import { exchangeOf } from '../core/exchange/index';
import { startProfiler } from './profiler';

const dataDir = process.argv[2];
if (!dataDir || !process.send) {
  console.error('usage: fork bench/exchangeReceiver.ts <profile dir> (from bench/exchange.ts)');
  process.exit(2);
}
const send = (m: unknown) => process.send!(m);
const core = Core.open({ dataDir, purpose: 'exchange benchmark receiver' });
const intake = core.db.prepare('SELECT count(*) AS n FROM exchange_intake');
const report = () => send({ type: 'progress', intake: (intake.get() as { n: number }).n });
const exchange = exchangeOf(core);

core.events.on((e) => {
  if (e.type === 'changed' && e.subject === 'exchange.intake') report();
});

let stopProfile: (() => Promise<unknown>) | undefined;
process.on('message', (m: { type: string; file?: string }) => {
  if (m.type === 'profile-start') void startProfiler().then((stop) => (stopProfile = stop));
  else if (m.type === 'profile-stop' && stopProfile) {
    const stop = stopProfile;
    stopProfile = undefined;
    void stop().then((profile) => fs.writeFileSync(m.file!, JSON.stringify(profile)));
  } else if (m.type === 'cpu') {
    const c = process.cpuUsage();
    send({ type: 'cpu', micros: c.user + c.system });
  } else if (m.type === 'stop') {
    exchange.stop();
    // Let a pass in flight finish its commit before the profile closes.
    void exchange.syncNow().finally(() => {
      core.close();
      process.disconnect();
    });
  }
});

report();
exchange.start();
