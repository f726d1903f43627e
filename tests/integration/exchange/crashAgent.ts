// One app profile run as its own process for the kill -9 harness (crash.test.ts). It does what a
// clerk and the sync loop would do, as fast as it can, until it is killed:
//   province:   releases the next numbered outgoing document to the department, then syncs;
//   department: registers every pending intake item in its incoming register, then syncs.
// Usage: node --import tsx crashAgent.ts <province|department> <dataDir> <agencyCode> <agencyName> <incomingRegisterId>
import { Core } from '../../../core/app';
import { systemActor } from '../../../core/api/context';
import { exchangeOf, registerFromIntake } from '../../../core/exchange/index';

async function main(): Promise<void> {
  const [role, dataDir, peerCodeArg, peerNameArg, registerIdText] = process.argv.slice(2);
  if (!role || !dataDir || !peerCodeArg || !peerNameArg || !registerIdText) throw new Error('usage: crashAgent role dataDir peerCode peerName incomingRegisterId');
  const peerCode = peerCodeArg;
  const peerName = peerNameArg;
  const core = Core.open({ dataDir, purpose: `crash agent ${role}` });
  const ex = exchangeOf(core);
  const call = core.asSystem('crash-agent');
  const actor = systemActor('crash-agent');
  process.stdout.write('ready\n');
  // Keeps the process alive even if a step waits on nothing but unref'd timers, and reports a
  // step that never finishes (the parent fails the run on any report).
  let stepStarted = Date.now();
  setInterval(() => {
    if (Date.now() - stepStarted > 30_000) process.stderr.write(`agent error: a step has been running for ${Math.round((Date.now() - stepStarted) / 1000)} s\n`);
  }, 5_000);
  for (;;) {
    stepStarted = Date.now();
    try {
      await step();
    } catch (e) {
      // Reported, not fatal: the parent fails the run if any step ever throws.
      process.stderr.write(`agent error: ${(e as Error).message}\n`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }

  async function step(): Promise<void> {
    if (role === 'province') {
      const next = core.db.prepare("SELECT id FROM documents WHERE direction = 'outgoing' AND status = 'numbered' ORDER BY id LIMIT 1").get() as { id: number } | undefined;
      if (next) await call('outgoing.release', { id: next.id, recipients: [{ kind: 'agency', agencyCode: peerCode, name: peerName }] });
    } else {
      const pending = core.db.prepare("SELECT id FROM exchange_intake WHERE state = 'pending' ORDER BY id LIMIT 5").all() as { id: number }[];
      for (const p of pending) registerFromIntake(core, { intakeId: p.id, registerId: Number(registerIdText), force: true }, actor);
    }
    await ex.syncNow();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`crash agent: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
