import type { Core } from '../app';
import type { Handler } from './dispatch';
import type { signingMethods } from '../../shared/api/signing';
import { signingOf } from '../signing/service';

type SigningHandlers = { [M in keyof typeof signingMethods]: Handler<M> };

export function signingHandlers(core: Core): SigningHandlers {
  // Created now, not on first call: it listens for new PDFs on documents to verify them.
  const s = signingOf(core);
  return {
    'signing.settings.get': () => s.settings(),
    'signing.settings.update': (input, ctx) => s.updateSettings(input, ctx.actor),
    'signing.keys.list': () => s.listKeys(),
    'signing.sign': (input, ctx) => s.sign(input, ctx.actor),
    'signing.placement.find': (input, ctx) => s.findPlacement(input, ctx.actor),
    'signing.verify': async (input, ctx) => ({ check: await s.verify(ctx.actor, input.attachmentId) }),
    'signing.documentChecks': async (input, ctx) => ({ checks: await s.documentChecks(ctx.actor, input.documentId) }),
    'signing.trust.list': () => ({ anchors: s.trustList() }),
    'signing.trust.add': (input, ctx) => ({ anchors: s.trustAdd(input.certificate, ctx.actor) }),
  };
}
