import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Every temporary folder a test run makes (profiles, axis stores, tokens, browser profiles) goes
// into one scratch folder that is removed when the run ends. Test workers are forked after this
// runs and inherit TMPDIR, so even a worker that is killed, or a helper that relies on
// process 'exit' (which forked workers do not always get), leaves nothing behind.
export default function setup(): () => void {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-test-run-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    fs.rmSync(scratch, { recursive: true, force: true });
  };
}
