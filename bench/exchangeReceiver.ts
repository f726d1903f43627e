// The receiving agency of the exchange benchmark, in its own process as another office's app is:
// opens the profile at argv[2] and receives in a loop (long-polling the axis) until told to stop.
// Talks to bench/exchange.ts over the fork IPC channel:
//   → {type:'progress', intake}   after each receive pass
//   ← {type:'cpu'}                → {type:'cpu', micros}   (user + system CPU of this process)
//   ← {type:'stop'}               finishes the current pass, closes the profile, exits
import { Core } from '../core/app';
import { exchangeOf } from '../core/exchange/index';

const dataDir = process.argv[2];
if (!dataDir || !process.send) {
  console.error('usage: fork bench/exchangeReceiver.ts <profile dir> (from bench/exchange.ts)');
  process.exit(2);
}
const send = (m: unknown) => process.send!(m);
const core = Core.open({ dataDir, purpose: 'exchange benchmark receiver' });
const intake = core.db.prepare('SELECT count(*) AS n FROM exchange_intake');
let stopping = false;

process.on('message', (m: { type: string }) => {
  if (m.type === 'cpu') {
    const c = process.cpuUsage();
    send({ type: 'cpu', micros: c.user + c.system });
  } else if (m.type === 'stop') stopping = true;
});

async function main(): Promise<void> {
  send({ type: 'progress', intake: (intake.get() as { n: number }).n });
  while (!stopping) {
    await exchangeOf(core).syncNow({ waitMs: 500 });
    send({ type: 'progress', intake: (intake.get() as { n: number }).n });
  }
  core.close();
  process.disconnect();
}

main().catch((e: unknown) => {
  console.error('exchange bench receiver failed:', e);
  process.exit(1);
});
