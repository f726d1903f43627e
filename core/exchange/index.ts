// Public surface of the exchange module (issue 6): edXML packages, the axis client and the
// offline-first sync (outbox, inbox, intake, statuses) bound to an open Core.
import type { Core } from '../app';
import type { Actor } from '../api/context';
import { documentsOf } from '../documents/index';
import { AppError } from '../../shared/api/errors';
import { ExchangeModule, type ExchangeModuleOptions } from './sync/module';
import { markRegistered, pendingIntake, proposedMetadata, attachmentsOf } from './sync/intake';
import { promoteToBlobStore } from './sync/inboxFiles';

export * from './edxml';
export { AxisClient, type AxisAgency, type AxisListedEdoc } from './axisClient';
export { ExchangeModule, type ExchangeSyncState, type ExchangeSettingsInput, type SyncReport } from './sync/module';
export { backoffMs, isRetryable } from './sync/sender';
export { documentForRecipient, exchangeDocumentIdOf } from './sync/packages';
export { rejectIntake, proposedMetadata, headerOf, attachmentsOf } from './sync/intake';
export { receivedFileBytes } from './sync/inboxFiles';
export type { AttachmentVerifier, AttachmentCheck } from './sync/verification';
export { attachEmbeddedAxis, type EmbeddedAxis, type EmbeddedOutcome } from './sync/embedded';

const modules = new WeakMap<Core, ExchangeModule>();

/** The exchange module of an open Core (created on first use, loop not started). */
export function exchangeOf(core: Core, opts?: ExchangeModuleOptions): ExchangeModule {
  let m = modules.get(core);
  if (!m) {
    const module = new ExchangeModule({ db: core.db, blobs: core.blobs, audit: core.audit, now: core.now, emit: (e) => core.emit(e), dataDir: core.dataDir }, opts);
    m = module;
    modules.set(core, module);
    core.syncState = () => module.state();
    // A release (or a workflow step on a received document) queues rows by trigger: sync soon.
    const off = core.events.on((e) => {
      if (e.type === 'changed' && e.subject === 'documents') {
        module.refreshState();
        module.kick();
      }
    });
    core.onClose(() => {
      off();
      module.close();
    });
  }
  return m;
}

/** Starts background delivery and polling for a Core (app and web mode). */
export function startExchange(core: Core, opts?: ExchangeModuleOptions): ExchangeModule {
  const m = exchangeOf(core, opts);
  m.start();
  return m;
}

export interface IntakeRegistration {
  intakeId: number;
  registerId: number;
  /** The clerk's corrections to what the package says. */
  overrides?: Partial<ReturnType<typeof proposedMetadata>> & { confidentiality?: 'normal' | 'confidential' | 'secret' | 'top_secret'; unitId?: number | null; notes?: string };
  force?: boolean;
}

/**
 * Registers an intake item in an incoming register: the document, its arrival number, its files
 * (copied from the inbox log into the blob store first), the intake decision and status 03 to the
 * sender commit together.
 */
export function registerFromIntake(core: Core, input: IntakeRegistration, actor: Actor): { documentId: number } {
  const ex = exchangeOf(core);
  const docs = documentsOf(core);
  const row = pendingIntake(ex.env, input.intakeId);
  const o = input.overrides ?? {};
  const meta = { ...proposedMetadata(row), ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) };
  const prepared = docs.incoming.prepare(
    {
      numberNotation: meta.numberNotation, issuerName: meta.issuerName, issuerCode: meta.issuerCode, typeCode: meta.typeCode, dateIssued: meta.dateIssued,
      subject: meta.subject, signer: meta.signer, signerPosition: meta.signerPosition, pages: meta.pages, language: 'vi', urgency: meta.urgency,
      confidentiality: o.confidentiality ?? 'normal', arrivalAt: row.received_at, deadline: meta.deadline, unitId: o.unitId ?? null, notes: o.notes ?? '',
      registerId: input.registerId,
    },
    actor,
    'exchange',
  );
  // The received files become the document's files: out of the inbox log, into the blob store.
  for (const a of attachmentsOf(row)) promoteToBlobStore(ex.env, a.sha256);
  const files = docs.incoming.storeFiles(attachmentsOf(row).map((a) => ({ fileName: a.name, sha256: a.sha256 })));
  const documentId = docs.ctx.tx(() => {
    const fresh = pendingIntake(ex.env, input.intakeId);
    const id = docs.incoming.insertPrepared(prepared, files, actor, input.force ?? false);
    markRegistered(ex.env, fresh, id, actor.label);
    return id;
  });
  if (!documentId) throw new AppError('INTERNAL', 'Registering the intake item produced no document.');
  core.emit({ type: 'changed', subject: 'exchange.intake', id: String(input.intakeId) });
  ex.kick();
  return { documentId };
}
