import { ensureRendererBuilt } from './webapp';

// Browser tests need the built renderer: build it once per run when it is missing or stale.
export default function setup(): void {
  ensureRendererBuilt((m) => console.log(m));
}
