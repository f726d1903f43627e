// The receiver: poll → download → verify → (seen? acknowledge and drop) → intake or status → commit
// → acknowledge. Everything a package changes commits in one transaction together with the
// "seen" mark, and the axis acknowledgement comes only after that commit: a crash anywhere means
// the axis lists the package again and the seen mark turns the second delivery into a no-op.
import { createHash } from 'node:crypto';
import { AppError, isAppError } from '../../../shared/api/errors';
import type { AxisAckResult, AxisClient, AxisListedEdoc } from '../axisClient';
import { parseEdxml, sha256Of, type ExchangeDocument, type ExchangeStatus, type ParsedPackage } from '../edxml';
import type { SyncEnv } from './env';
import { STATUS_DESCRIPTIONS, STATUS_OF_CODE, rankOf } from './statuses';
import type { AttachmentCheck, AttachmentVerifier } from './verification';
import { recordStaged, stageReceivedFiles, type Staged, type StagedFile } from './inboxFiles';

/** Like Promise.all over items.map(work), with at most `limit` running at once; keeps the order. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  }));
  return out;
}

export interface ReceiveResult {
  intake: number;
  duplicates: number;
  statuses: number;
  quarantined: number;
}

/** Packages up to this size come inside the listing instead of one download each (the axis's cap). */
const INLINE_PACKAGE_BYTES = 64 * 1024;

const BUSINESS_EVENT = { 1: 'revoked', 2: 'updated', 3: 'replaced' } as const;

function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

function quarantineInTx(env: SyncEnv, entry: AxisListedEdoc, raw: Uint8Array, reason: string): void {
  const now = env.nowIso();
  env.repo.quarantine(entry.edocId, raw, reason, now);
  env.repo.markSeen({ edocId: entry.edocId, kind: entry.kind, exchangeDocumentId: null, fromCode: null, outcome: 'quarantined', intakeId: null }, now);
  env.deps.audit.record({ actor: 'system:exchange', action: 'exchange.quarantine', subjectType: 'exchange.package', subjectId: entry.edocId, after: { reason, size: raw.byteLength } });
}

/** The document a revoke/update/replace is about: named in the business block, else its own id. */
function targetOf(doc: ExchangeDocument): string {
  return doc.business.documentInfo?.[0]?.documentId ?? doc.documentId;
}

/**
 * Checks the files (outside any transaction) and says which to store; the returned commit writes the
 * rest once the caller has stored the files of the whole group.
 */
async function prepareDocument(env: SyncEnv, entry: AxisListedEdoc, doc: ExchangeDocument, raw: Uint8Array, verify: AttachmentVerifier): Promise<{ commit: () => 'intake' | 'duplicates'; files: StagedFile[] }> {
  const docType = doc.business.docType;
  // One message per sender, business type (new, revoke, update, replace) and DocumentId: an update
  // of a document is not a duplicate of the document, and another agency reusing the DocumentId is
  // not a duplicate either.
  const dedupeKey = `${doc.from.organId}|${docType}|${doc.documentId}`;
  const findDuplicate = () => env.repo.intakeDuplicateOf(dedupeKey, `${docType}|${doc.documentId}`, doc.from.organId);
  const markDuplicate = (existingId: number, documentId: number | null) => {
    const now = env.nowIso();
    env.repo.markSeen({ edocId: entry.edocId, kind: 'document', exchangeDocumentId: doc.documentId, fromCode: doc.from.organId, outcome: 'duplicate', intakeId: existingId }, now);
    env.repo.event({ intakeId: existingId, documentId, event: 'duplicate', detail: `delivered again as axis package ${entry.edocId}; dropped` }, now);
    return 'duplicates' as const;
  };
  // Cheap early exit before verifying and storing files again.
  const known = findDuplicate();
  if (known) return { commit: () => markDuplicate(known.id, known.document_id), files: [] };
  const checks: AttachmentCheck[] = [];
  const files: StagedFile[] = [];
  for (const a of doc.attachments) {
    const actual = sha256Of(a.bytes); // taken once, by the reader
    files.push({ sha256: actual, bytes: a.bytes });
    checks.push({ contentId: a.contentId, name: a.name, mimeType: a.mimeType, size: a.bytes.byteLength, sha256: a.sha256, hashMatches: actual === a.sha256, ...(await verify(a)) });
  }
  const { attachments, ...header } = doc;
  const packageSha256 = entry.sha256 || sha256(raw);
  // Content-addressed: storing a file twice after a crash is harmless.
  return { files, commit: () => {
    const now = env.nowIso();
    const again = findDuplicate();
    if (again) return markDuplicate(again.id, again.document_id);
    const original = docType === 0 ? undefined : env.repo.intakeOriginal(targetOf(doc), doc.from.organId);
    const intakeId = env.repo.insertIntake({
      edoc_id: entry.edocId, dedupe_key: dedupeKey, exchange_document_id: doc.documentId, business_type: docType, refers_to_intake_id: original?.id ?? null,
      from_code: doc.from.organId, from_name: doc.from.organName, subject: doc.subject,
      number_notation: [doc.code.codeNumber, doc.code.codeNotation].filter(Boolean).join('/'),
      header_json: JSON.stringify(header), attachments_json: JSON.stringify(attachments.map((a) => ({ contentId: a.contentId, name: a.name, mimeType: a.mimeType, size: a.bytes.byteLength, sha256: a.sha256 }))),
      verification_json: JSON.stringify({ packageSha256, systemSignature: 'present-unverified', attachments: checks }),
      package_sha256: packageSha256, received_at: now,
    });
    env.repo.markSeen({ edocId: entry.edocId, kind: 'document', exchangeDocumentId: doc.documentId, fromCode: doc.from.organId, outcome: 'intake', intakeId }, now);
    env.repo.event({ intakeId, event: docType === 0 ? 'received' : `received.${BUSINESS_EVENT[docType as 1 | 2 | 3]}`, detail: `${doc.from.organName}: ${doc.subject}` }, now);
    if (docType !== 0) {
      const what = BUSINESS_EVENT[docType as 1 | 2 | 3];
      const notice = `${what} by the sender on ${now.slice(0, 10)}${doc.business.reason ? `: ${doc.business.reason}` : ''} (intake #${intakeId})`;
      if (original) {
        env.repo.addNotice(original.id, notice);
        env.repo.event({ intakeId: original.id, documentId: original.document_id, event: what, detail: notice }, now);
        // Already registered: the notice also goes on that document's own timeline.
        if (original.document_id !== null) {
          env.deps.audit.record({ actor: 'system:exchange', action: `exchange.${what}`, subjectType: 'document', subjectId: original.document_id, after: { notice, intakeId } });
        }
      }
    }
    // Tell the sender at once that it arrived (01); the clerk's decision sends 03 or 02 later.
    env.repo.insertOutbox(
      { kind: 'status', document_id: null, intake_id: intakeId, recipient_code: doc.from.organId, recipient_name: doc.from.organName, exchange_document_id: doc.documentId,
        status_code: '01', description: STATUS_DESCRIPTIONS['01']!, package: null, package_sha256: null, state: 'queued', last_error: null },
      now,
    );
    env.deps.audit.record({ actor: 'system:exchange', action: 'exchange.receive', subjectType: 'exchange.intake', subjectId: intakeId, after: { edocId: entry.edocId, documentId: doc.documentId, from: doc.from.organId, businessType: docType } });
    return 'intake' as const;
  } };
}

/** Inside the commit transaction. */
function applyStatus(env: SyncEnv, entry: AxisListedEdoc, status: ExchangeStatus): void {
  const xid = status.responseFor.documentId;
  const from = status.from.organId;
  const code = status.statusCode;
  {
    const now = env.nowIso();
    const target = env.repo.recipientByExchangeId(xid, from);
    if (env.repo.statusAlreadyApplied(xid, from, code)) {
      env.repo.markSeen({ edocId: entry.edocId, kind: 'status', exchangeDocumentId: xid, fromCode: from, outcome: 'status', intakeId: null }, now);
      return;
    }
    env.repo.recordStatusReceived(xid, from, code, target?.document_id ?? null, entry.edocId, now);
    env.repo.markSeen({ edocId: entry.edocId, kind: 'status', exchangeDocumentId: xid, fromCode: from, outcome: target ? 'status' : 'orphan', intakeId: null }, now);
    if (!target) return;
    const detail = [STATUS_DESCRIPTIONS[code] ?? code, status.description, status.staffInfo.staff].filter(Boolean).join(' — ');
    env.repo.event({ documentId: target.document_id, recipientCode: from, event: 'status', statusCode: code, detail }, now);
    const next = STATUS_OF_CODE[code];
    if (next && (rankOf(next) > rankOf(target.status) || target.status === 'failed')) {
      env.repo.upsertRecipient({ ...target, status: next, status_code: code, detail, updated_at: now });
    }
    env.deps.audit.record({ actor: 'system:exchange', action: 'exchange.status', subjectType: 'document', subjectId: target.document_id, after: { recipient: from, statusCode: code, edocId: entry.edocId } });
  }
}

function reasonOf(e: unknown): string {
  return isAppError(e) ? `${e.code}: ${e.message}` : `EXCHANGE_UNREADABLE: ${(e as Error).message}`;
}

interface Prepared {
  entry: AxisListedEdoc;
  /** Runs inside the shared commit transaction; says what it counted. */
  commit: () => keyof ReceiveResult | null;
  /** How to acknowledge after the commit (none: already acknowledged as refused). */
  ack?: { ok: boolean; reason?: string };
  /** Files to store (durably, in the inbox log) before the commit. */
  files?: StagedFile[];
}

/** Download, check and prepare one listed package; nothing is committed yet. */
async function prepare(env: SyncEnv, client: AxisClient, entry: AxisListedEdoc, verify: AttachmentVerifier): Promise<Prepared> {
  const seen = env.repo.seen(entry.edocId);
  if (seen) {
    // A refused package stays listed after its "fail" (the axis keeps failed deliveries listed):
    // acknowledge it once, then leave it alone.
    if (seen.outcome === 'quarantined' && seen.acked) return { entry, commit: () => null };
    // Handled before (the acknowledgement was lost, or the axis listed it twice): acknowledge again.
    return { entry, commit: () => null, ack: seen.outcome === 'quarantined' ? { ok: false, reason: 'refused on arrival (quarantined)' } : { ok: true } };
  }
  let raw: Uint8Array;
  // Small packages (statuses) come inside the listing; they are checked against the listed hash
  // exactly as a download is.
  if (entry.packageBase64 !== undefined) raw = Buffer.from(entry.packageBase64, 'base64');
  else {
    try {
      raw = await client.getEdoc(entry.edocId);
    } catch (e) {
      // Listed but gone (withdrawn, or a stale listing): nothing to take, nothing to acknowledge.
      if (isAppError(e) && e.code === 'NOT_FOUND') return { entry, commit: () => null };
      throw e;
    }
  }
  let parsed: ParsedPackage;
  try {
    if (entry.sha256 && sha256(raw) !== entry.sha256) throw Object.assign(new Error(`the downloaded bytes do not match the axis hash ${entry.sha256}`), { code: 'EXCHANGE_PACKAGE_HASH' });
    parsed = parseEdxml(raw);
    if (parsed.kind !== entry.kind) throw new Error(`the axis listed a ${entry.kind} but the package is a ${parsed.kind}`);
  } catch (e) {
    const reason = (e as { code?: string }).code === 'EXCHANGE_PACKAGE_HASH' ? `EXCHANGE_PACKAGE_HASH: ${(e as Error).message}` : reasonOf(e);
    return {
      entry,
      commit: () => {
        quarantineInTx(env, entry, raw, reason);
        return 'quarantined';
      },
      ack: { ok: false, reason: reason.slice(0, 400) },
    };
  }
  if (parsed.kind === 'document') return { entry, ...(await prepareDocument(env, entry, parsed.document, raw, verify)), ack: { ok: true } };
  const status = parsed.status;
  return {
    entry,
    commit: () => {
      applyStatus(env, entry, status);
      return 'statuses';
    },
    ack: { ok: true },
  };
}

/** The acknowledgements of one committed group, in one request. */
async function acknowledgeGroup(env: SyncEnv, client: AxisClient, acks: Prepared[]): Promise<void> {
  if (!acks.length) return;
  const results = await client.updateStatuses(acks.map((p) => ({ edocId: p.entry.edocId, status: p.ack!.ok ? 'done' : 'fail', organId: p.entry.toOrganId, reason: p.ack!.reason })));
  // Only a refusal needs remembering (to acknowledge it once); "done" takes it off the axis list.
  const refused = acks.filter((p, i) => !p.ack!.ok && !('error' in results[i]!));
  if (refused.length) env.tx(() => refused.forEach((p) => env.repo.markAcked(p.entry.edocId)));
  // A package no longer on the axis needs no acknowledgement. Any other refusal is reported; the
  // package stays listed and its seen mark answers it again on a later pass.
  const problem = results.find((r): r is Extract<AxisAckResult, { error: unknown }> => 'error' in r && r.error.code !== 'NOT_FOUND');
  if (problem) throw new AppError(problem.error.code, `The axis refused the acknowledgement of package ${problem.edocId}: ${problem.error.message}`);
}

export interface ReceiveOptions {
  limit?: number;
  group?: number;
  downloads?: number;
  /** When nothing is listed, let the axis hold the listing this long (ms) for something to arrive. */
  wait?: number;
  signal?: AbortSignal;
  /** Called once the listing is answered (the wait, if any, is over). */
  onListed?: () => void;
}

/**
 * One receive pass: everything the axis lists for us now, statuses first (they are small). Packages
 * are downloaded a few at a time, committed together in one transaction (one disk flush for the
 * group), and only then acknowledged.
 */
export async function receiveAll(env: SyncEnv, client: AxisClient, verify: AttachmentVerifier, opts: ReceiveOptions = {}): Promise<ReceiveResult> {
  const result: ReceiveResult = { intake: 0, duplicates: 0, statuses: 0, quarantined: 0 };
  const list = await client.getReceivedEdocList({ limit: opts.limit ?? 500, inline: INLINE_PACKAGE_BYTES, wait: opts.wait, signal: opts.signal });
  opts.onListed?.();
  const done = new Set<string>();
  const entries: AxisListedEdoc[] = [];
  for (const entry of [...list.statuses, ...list.documents]) {
    const key = `${entry.edocId}|${entry.toOrganId}`;
    if (done.has(key)) {
      result.duplicates++;
      continue;
    }
    done.add(key);
    entries.push(entry);
  }
  const group = Math.max(1, opts.group ?? 32);
  const groups: AxisListedEdoc[][] = [];
  for (let i = 0; i < entries.length; i += group) groups.push(entries.slice(i, i + group));
  // The next group is downloaded and checked while this one is committed and acknowledged. A
  // package listed in both is caught by the dedupe check inside the commit.
  const prepareGroup = async (g: AxisListedEdoc[]) => {
    const prepared = await mapLimited(g, opts.downloads ?? 8, (e) => prepare(env, client, e, verify));
    const staged = await stageReceivedFiles(env, prepared.flatMap((p) => p.files ?? []));
    return { prepared, staged };
  };
  let next: Promise<{ prepared: Prepared[]; staged: Staged }> | undefined = groups.length ? prepareGroup(groups[0]!) : undefined;
  for (let gi = 0; next; gi++) {
    const { prepared, staged } = await next;
    next = gi + 1 < groups.length ? prepareGroup(groups[gi + 1]!) : undefined;
    // A failed prefetch is reported by the await of the next turn; keep it from going unhandled now.
    next?.catch(() => undefined);
    // Committed without blocking on the disk; flushed (thread pool) before the acknowledgement.
    const counted = env.txUnflushed(() => {
      recordStaged(env, staged);
      return prepared.map((p) => p.commit());
    });
    for (const c of counted) if (c) result[c]++;
    if (counted.some((c) => c === 'intake' || c === 'duplicates')) env.emit({ type: 'changed', subject: 'exchange.intake' });
    if (counted.includes('statuses')) env.emit({ type: 'changed', subject: 'exchange.outbox' });
    if (counted.includes('quarantined')) env.emit({ type: 'changed', subject: 'exchange.quarantine' });
    await env.durable();
    await acknowledgeGroup(env, client, prepared.filter((p) => p.ack));
  }
  return result;
}
