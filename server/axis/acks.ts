// The body of POST /v1/edocs/status: acknowledgements of many received packages at once.
import { isValidAgencyCode } from '../../core/exchange/edxml/text';
import { HttpError } from './httpError';

export const MAX_ACKS_PER_REQUEST = 500;

export interface AckItem {
  edocId: string;
  status: 'done' | 'fail';
  organId?: string;
  reason?: string;
}

/** What is wrong with one item, or undefined. */
function problemOf(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return 'must be an object';
  const a = item as Record<string, unknown>;
  if (typeof a.edocId !== 'string' || a.edocId.length < 1 || a.edocId.length > 100) return 'edocId must be 1–100 characters';
  if (a.status !== 'done' && a.status !== 'fail') return 'status must be "done" or "fail"';
  if (a.organId !== undefined && (typeof a.organId !== 'string' || !isValidAgencyCode(a.organId))) return 'organId is not an agency code';
  if (a.reason !== undefined && typeof a.reason !== 'string') return 'reason must be text';
  return undefined;
}

/**
 * Checks every item. A malformed one refuses the whole batch (nothing is applied), naming each bad
 * item: a client that sends one is broken, and half-applying its batch would hide that.
 */
export function parseAckBatch(body: unknown): AckItem[] {
  const acks = body !== null && typeof body === 'object' ? (body as { acks?: unknown }).acks : undefined;
  if (!Array.isArray(acks) || acks.length < 1 || acks.length > MAX_ACKS_PER_REQUEST) {
    throw new HttpError(400, 'VALIDATION', `Send {"acks":[…]} with 1–${MAX_ACKS_PER_REQUEST} acknowledgements.`);
  }
  const items = acks.flatMap((item, index) => {
    const message = problemOf(item);
    return message ? [{ index, message }] : [];
  });
  if (items.length) {
    throw new HttpError(400, 'VALIDATION', `${items.length} of the ${acks.length} acknowledgements are malformed (first: item ${items[0]!.index}, ${items[0]!.message}); nothing was applied.`, { items: items.slice(0, 50) });
  }
  return (acks as AckItem[]).map((a) => ({ edocId: a.edocId, status: a.status, organId: a.organId, reason: a.reason === undefined ? undefined : a.reason.slice(0, 500) }));
}
