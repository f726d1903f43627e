import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DocumentsSettings } from '../../shared/api/documents';
import type { Actor } from '../api/context';
import type { Core } from '../app';
import { AuditLog } from '../audit/index';
import { BlobStore } from '../storage/blobs';
import { DocumentsContext, type DocumentsDeps } from './context';
import { Incoming } from './incoming';
import { Outgoing } from './outgoing';
import { Queries } from './queries';
import { Registers } from './registers';
import { Workflow } from './workflow';

/** The documents module: one per open profile. */
export class DocumentsModule {
  readonly ctx: DocumentsContext;
  readonly registers: Registers;
  readonly incoming: Incoming;
  readonly workflow: Workflow;
  readonly outgoing: Outgoing;
  readonly queries: Queries;

  constructor(deps: DocumentsDeps) {
    this.ctx = new DocumentsContext(deps);
    this.registers = new Registers(this.ctx);
    this.incoming = new Incoming(this.ctx, this.registers);
    this.workflow = new Workflow(this.ctx);
    this.outgoing = new Outgoing(this.ctx, this.registers, this.incoming);
    this.queries = new Queries(this.ctx, this.incoming);
  }

  settings(): DocumentsSettings {
    return this.ctx.settings();
  }

  updateSettings(patch: Partial<DocumentsSettings>, actor: Actor): DocumentsSettings {
    return this.ctx.tx(() => {
      const before = this.ctx.settings();
      const after = { ...before, ...patch };
      this.ctx.users.putSetting('documents', JSON.stringify(after));
      this.ctx.audit.record({ actor: actor.label, action: 'settings.documents.update', subjectType: 'settings', subjectId: 'documents', before, after });
      return after;
    });
  }
}

const modules = new WeakMap<Core, DocumentsModule>();

/** The documents module of an open Core (created on first use). */
export function documentsOf(core: Core): DocumentsModule {
  let m = modules.get(core);
  if (!m) {
    m = new DocumentsModule({ db: core.db, audit: core.audit, blobs: core.blobs, now: core.now, listeners: core.documentListeners, emit: (e) => core.emit(e) });
    modules.set(core, m);
  }
  return m;
}

/**
 * The documents module over a raw connection to a profile's database, without Core's directory
 * lock. For tests and tools that need several writers on one profile at once (the numbering
 * concurrency test); the app itself always goes through Core.open.
 */
export function documentsOnConnection(db: Database, dataDir: string, now: () => Date = () => new Date()): DocumentsModule {
  return new DocumentsModule({ db, audit: new AuditLog(db, now), blobs: new BlobStore(path.join(dataDir, 'blobs')), now, listeners: [] });
}
