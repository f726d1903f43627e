// Connecting a profile to the axis stub the launcher embeds (web mode and the demo), so two agencies
// on one machine exchange documents with no setup. The core never imports the server: the
// launcher hands over this small interface.
import type { ExchangeModule } from './module';
import { agencyOf } from './packages';

export interface EmbeddedAxis {
  url: string;
  createSystem(name: string, systemId?: string): { systemId: string; secret: string };
  /** The secret the axis holds for a system id (undefined when it does not know it). */
  secretOf(systemId: string): string | undefined;
}

export type EmbeddedOutcome = 'connected' | 'url-updated' | 'unchanged' | 'not-initialized' | 'configured-elsewhere';

/**
 * Points a profile at the embedded axis: creates its system and registers its agency the first
 * time, and follows the axis to its new address on later launches. A profile already connected to
 * another axis is left alone.
 */
export async function attachEmbeddedAxis(ex: ExchangeModule, axis: EmbeddedAxis, actorLabel = 'system:launcher'): Promise<EmbeddedOutcome> {
  const hasAgency = !!ex.env.db.prepare('SELECT 1 FROM agency WHERE id = 1').get();
  if (!hasAgency) return 'not-initialized';
  const s = ex.settings();
  const ours = s.system_id !== '' && s.secret !== '' && axis.secretOf(s.system_id) === s.secret;
  if (ours) {
    if (s.axis_url === axis.url) return 'unchanged';
    ex.configure({ axisUrl: axis.url, systemId: s.system_id, enabled: s.enabled === 1 }, actorLabel);
    return 'url-updated';
  }
  // A loopback address the embedded axis does not know is a stale embedded connection (its store
  // was removed): connect again. Any other address is a real axis and is left alone.
  if (s.axis_url !== '' && s.system_id !== '' && !isLoopback(s.axis_url)) return 'configured-elsewhere';
  const agency = agencyOf(ex.env.db);
  const wanted = `vanthu-${agency.code}`;
  const creds = axis.secretOf(wanted) === undefined ? axis.createSystem(agency.name, wanted) : axis.createSystem(agency.name);
  ex.configure({ axisUrl: axis.url, systemId: creds.systemId, secret: creds.secret, enabled: true, pollSeconds: 10 }, actorLabel);
  await ex.registerSelf();
  return 'connected';
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}
