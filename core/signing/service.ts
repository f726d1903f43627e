import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import type { AttachmentView, DocumentView } from '../../shared/api/documents';
import type { SignatureCheckView, SigningKeyChoice, SigningPurpose, SigningSettingsView } from '../../shared/api/signing';
import { requirePermission, type Actor } from '../api/context';
import type { Core } from '../app';
import { documentsOf } from '../documents/index';
import { DEFAULT_PKCS11_MODULE, anchorPlacement, listTokens, loadForUpdate, signPdfDetailed, type KeySpec, type Placement, type SignatureAppearance } from './index';
import { SigningRepository, type PdfAttachmentRow, type SignatureCheckRow } from './repository';
import { addTrustAnchor, listTrustAnchors } from './trust/index';
import { verifyPdf, type VerifyReport } from './verify/index';

// The app-level signing service: the agency's key settings, signing a document's PDF with a key
// the user brings for one call (PKCS#12 bytes + passphrase, or token label + PIN — neither is kept),
// storing the signed file as the document's new signed version, verifying PDFs against this
// profile's trust store and keeping the results per file (blob SHA-256).

export interface SignInput {
  documentId: number;
  version?: number;
  attachmentId?: number;
  purpose: SigningPurpose;
  key: SigningKeyChoice;
  appearance: {
    authority?: SignatureAppearance['authority'];
    title?: string;
    signerName?: string;
    signatureImageBase64?: string;
    sealImageBase64?: string;
  };
  placement?: Placement;
  reason?: string;
}

const DEFAULT_SETTINGS: SigningSettingsView = { pkcs11Module: DEFAULT_PKCS11_MODULE, tsaUrl: '', ocspUrl: '' };
const MAX_QUEUED = 200;

function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

function b64(s: string | undefined): Uint8Array | undefined {
  return s === undefined ? undefined : new Uint8Array(Buffer.from(s, 'base64'));
}

/** What the API returns for a kept verification report. */
function checkView(a: Pick<PdfAttachmentRow, 'id' | 'file_name' | 'sha256'>, row: SignatureCheckRow): SignatureCheckView {
  const report = JSON.parse(row.report_json) as VerifyReport;
  return {
    attachmentId: a.id,
    fileName: a.file_name,
    sha256: a.sha256,
    verdict: row.verdict,
    reasons: report.reasons,
    signatures: report.signatures.map((s) => ({
      field: s.field, signer: s.signer, time: s.time, timeSource: s.timeSource, status: s.status, reasons: s.reasons,
      coversWholeDocument: s.coversWholeDocument, revocation: s.revocation,
    })),
    checkedAt: row.checked_at,
  };
}

export class SigningService {
  private queue: Promise<void> = Promise.resolve();
  private readonly pending = new Set<string>();
  private closed = false;
  private readonly repo: SigningRepository;

  constructor(private readonly core: Core) {
    this.repo = new SigningRepository(core.db);
    core.onClose(() => {
      this.closed = true;
    });
    // Every PDF that reaches a document (registration, intake from the axis, a new version) is
    // verified after the change commits, in the background: registration never waits for it.
    core.documentListeners.push({ documentChanged: (id) => this.queueDocument(id) });
  }

  private get docs() {
    return documentsOf(this.core);
  }

  settings(): SigningSettingsView {
    const raw = this.docs.ctx.users.setting('signing');
    return raw ? { ...DEFAULT_SETTINGS, ...(JSON.parse(raw) as Partial<SigningSettingsView>) } : DEFAULT_SETTINGS;
  }

  updateSettings(patch: Partial<SigningSettingsView>, actor: Actor): SigningSettingsView {
    return this.core.db.transaction(() => {
      const before = this.settings();
      const after = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
      this.docs.ctx.users.putSetting('signing', JSON.stringify(after));
      this.core.audit.record({ actor: actor.label, action: 'settings.signing.update', subjectType: 'settings', subjectId: 'signing', before, after });
      return after;
    })();
  }

  listKeys(): { pkcs11Module: string; tokens: ReturnType<typeof listTokens>; problem: string | null } {
    const { pkcs11Module } = this.settings();
    try {
      return { pkcs11Module, tokens: listTokens(pkcs11Module), problem: null };
    } catch (e) {
      return { pkcs11Module, tokens: [], problem: e instanceof AppError ? e.code : 'SIG_TOKEN_ERROR' };
    }
  }

  private sourceAttachment(doc: DocumentView, attachmentId: number | undefined): AttachmentView {
    if (attachmentId !== undefined) {
      const a = doc.attachments.find((x) => x.id === attachmentId);
      if (!a) throw new AppError('NOT_FOUND', `Document ${doc.id} has no attachment ${attachmentId}.`);
      return a;
    }
    const signed = doc.attachments.filter((a) => a.role === 'signed').at(-1);
    if (signed) return signed;
    const lastDraft = [...doc.draftVersions].reverse().find((v) => v.attachmentId !== null);
    const draft = lastDraft && doc.attachments.find((a) => a.id === lastDraft.attachmentId);
    const main = draft ?? doc.attachments.filter((a) => a.role === 'main').at(-1);
    if (!main) throw new AppError('INVALID_STATE', `Document ${doc.id} has no file to sign. Add the draft as a PDF first.`);
    return main;
  }

  private checkPurpose(actor: Actor, doc: DocumentView, purpose: SigningPurpose): void {
    if (doc.direction !== 'outgoing') throw new AppError('INVALID_STATE', `Document ${doc.id} is an incoming document; only outgoing documents are signed here.`);
    if (purpose === 'leader') {
      requirePermission(actor, 'signing.sign');
      if (doc.status !== 'approved') {
        throw new AppError('INVALID_STATE', `Document ${doc.id} is "${doc.status}"; the leader signs an approved draft.`, { details: { status: doc.status } });
      }
      if (actor.kind === 'user' && doc.leaderId !== null && doc.leaderId !== actor.userId) {
        throw new AppError('FORBIDDEN', `Document ${doc.id} was approved by another leader; that leader signs it.`);
      }
    } else {
      requirePermission(actor, 'signing.seal');
      if (doc.status !== 'signed' && doc.status !== 'numbered') {
        throw new AppError('INVALID_STATE', `Document ${doc.id} is "${doc.status}"; the agency seal goes on after the leader has signed.`, { details: { status: doc.status } });
      }
    }
  }

  private keySpec(choice: SigningKeyChoice): KeySpec {
    if (choice.kind === 'p12') return { kind: 'p12', bytes: new Uint8Array(Buffer.from(choice.p12Base64, 'base64')), passphrase: choice.passphrase };
    return { kind: 'pkcs11', module: this.settings().pkcs11Module, tokenLabel: choice.tokenLabel, pin: choice.pin };
  }

  /**
   * Refuse a second seal: the file chosen, or the document's current signed file, is one this
   * service sealed (a double click, two clerks at once, an older attachment picked by mistake).
   */
  private assertNotSealed(doc: DocumentView, source: AttachmentView): void {
    const sealedSha256 = this.repo.sealedFileAmong(doc.id, [source.sha256, doc.signedSha256 ?? '']);
    if (sealedSha256 !== undefined) {
      const file = doc.attachments.filter((a) => a.sha256 === sealedSha256).at(-1)?.fileName ?? source.fileName;
      throw new AppError('SIG_ALREADY_SEALED', `Document ${doc.id} already carries the agency seal ("${file}"); it is not added twice. If the document changed, have the leader sign the new version first.`, {
        details: { documentId: doc.id, sealedFile: file },
      });
    }
  }

  /** Where the block goes when the caller did not say: the leader's block for a seal, else low right on the last page. */
  private async defaultPlacement(documentId: number, bytes: Uint8Array, purpose: SigningPurpose): Promise<Placement> {
    if (purpose !== 'leader') {
      const leaderPlacement = this.repo.lastLeaderPlacementJson(documentId);
      if (leaderPlacement !== undefined) return JSON.parse(leaderPlacement) as Placement;
    }
    const { doc } = await loadForUpdate(bytes);
    const pageNo = doc.getPageCount();
    const box = doc.getPage(pageNo - 1).getCropBox();
    const width = 200;
    return { page: pageNo, rect: { x: box.x + box.width - 56 - width, y: box.y + 90, width, height: 120 } };
  }

  /** Where an anchor-text placement lands on the file `sign` would use (the preview asks before signing). */
  async findPlacement(input: { documentId: number; attachmentId?: number; anchor: string; page?: number }, actor: Actor): Promise<{ page: number; rect: { x: number; y: number; width: number; height: number } }> {
    const doc = this.docs.queries.get(actor, input.documentId);
    const source = this.sourceAttachment(doc, input.attachmentId);
    const bytes = new Uint8Array(this.core.blobs.get(source.sha256));
    if (!isPdf(bytes)) throw new AppError('VALIDATION', `"${source.fileName}" is not a PDF file.`);
    const { doc: pdf } = await loadForUpdate(bytes);
    return anchorPlacement(bytes, pdf, { anchor: input.anchor, page: input.page });
  }

  async sign(input: SignInput, actor: Actor): Promise<{ document: DocumentView; attachment: AttachmentView; check: SignatureCheckView }> {
    const docs = this.docs;
    const doc = docs.queries.get(actor, input.documentId);
    if (input.version !== undefined && doc.version !== input.version) {
      throw new AppError('CONFLICT', `Document ${doc.id} was changed by someone else; reload it and sign again.`);
    }
    this.checkPurpose(actor, doc, input.purpose);
    const source = this.sourceAttachment(doc, input.attachmentId);
    if (input.purpose === 'seal') this.assertNotSealed(doc, source);
    const bytes = new Uint8Array(this.core.blobs.get(source.sha256));
    if (!isPdf(bytes)) throw new AppError('VALIDATION', `"${source.fileName}" is not a PDF file. Save the draft as PDF, add it as a new version, then sign.`);
    const placement = input.placement ?? (await this.defaultPlacement(doc.id, bytes, input.purpose));
    const actorUser = actor.userId !== null ? docs.ctx.users.userById(actor.userId) : undefined;
    const appearance: SignatureAppearance = input.purpose === 'leader'
      ? {
        authority: input.appearance.authority,
        title: input.appearance.title ?? (doc.signerPosition || actorUser?.title || undefined),
        signerName: input.appearance.signerName ?? (actorUser?.full_name || undefined),
        signatureImage: b64(input.appearance.signatureImageBase64),
        sealImage: b64(input.appearance.sealImageBase64),
      }
      : { sealImage: b64(input.appearance.sealImageBase64), ...(input.appearance.sealImageBase64 ? {} : { style: 'stamp' as const }) };
    const { tsaUrl, ocspUrl } = this.settings();
    const result = await signPdfDetailed({
      input: bytes,
      key: this.keySpec(input.key),
      appearance,
      placement: appearance.style === 'stamp' ? undefined : placement,
      tsaUrl: tsaUrl || undefined,
      // With an OCSP answer kept in the file (DSS) the signature stays checkable offline.
      revocation: ocspUrl ? { ocspUrl } : undefined,
      signingTime: this.core.now(),
      reason: input.reason ?? (input.purpose === 'leader' ? 'Ký ban hành' : 'Đóng dấu cơ quan'),
    });
    const { sha256 } = this.core.blobs.put(result.bytes);
    const base = path.basename(source.fileName, path.extname(source.fileName)).replace(/-(da-ky|dong-dau)$/, '');
    const fileName = `${base}-${input.purpose === 'leader' ? 'da-ky' : 'dong-dau'}.pdf`;
    this.pending.add(sha256); // checked below; the background listener need not do it again
    docs.ctx.tx(() => {
      docs.outgoing.markSigned({ id: doc.id, version: doc.version, file: { fileName, sha256 } }, actor);
      // Every signed file is remembered with its purpose: the seal must not go on twice.
      this.repo.recordPlacement({ documentId: doc.id, purpose: input.purpose, placementJson: JSON.stringify(placement), signedSha256: sha256, createdAt: this.core.now().toISOString() });
      // Who signed with what; never the PIN, passphrase or key file.
      this.core.audit.record({
        actor: actor.label, action: `signing.${input.purpose}`, subjectType: 'document', subjectId: String(doc.id),
        after: { sha256, from: source.sha256, keyKind: input.key.kind, tokenLabel: input.key.kind === 'pkcs11' ? input.key.tokenLabel : undefined, signer: result.signer, level: result.level, field: result.fieldName, authority: input.appearance.authority },
      });
    });
    const document = docs.queries.get(actor, doc.id);
    const attachment = document.attachments.filter((a) => a.sha256 === sha256).at(-1)!;
    const check = await this.verifyAndKeep({ id: attachment.id, file_name: attachment.fileName, sha256 }).finally(() => this.pending.delete(sha256));
    return { document, attachment, check };
  }

  /** Verify one file now and keep the result (replacing an older one). */
  private async verifyAndKeep(a: Pick<PdfAttachmentRow, 'id' | 'file_name' | 'sha256'>): Promise<SignatureCheckView> {
    let report: VerifyReport;
    try {
      report = await verifyPdf(this.core.blobs.get(a.sha256), { dataDir: this.core.dataDir, now: this.core.now(), file: a.file_name });
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      report = { file: a.file_name, verdict: 'indeterminate', signatures: [], reasons: [{ code: 'VERIFY_FAILED' as never, vi: 'Không kiểm tra được chữ ký của tệp này.', en: 'The signatures of this file could not be checked.', detail: why }] };
    }
    const row: SignatureCheckRow = { sha256: a.sha256, verdict: report.verdict, report_json: JSON.stringify(report), checked_at: this.core.now().toISOString() };
    if (!this.closed && this.core.db.open) this.repo.keepCheck(row, report.signatures.length);
    return checkView(a, row);
  }

  private attachmentRow(actor: Actor, attachmentId: number): PdfAttachmentRow {
    const { attachment } = this.docs.queries.attachment(actor, attachmentId, 'hash'); // checks visibility
    return { id: attachment.id, document_id: attachment.documentId, sha256: attachment.sha256, file_name: attachment.fileName, mime: attachment.mime };
  }

  async verify(actor: Actor, attachmentId: number): Promise<SignatureCheckView> {
    const a = this.attachmentRow(actor, attachmentId);
    const bytes = this.core.blobs.get(a.sha256);
    if (!isPdf(bytes)) throw new AppError('VALIDATION', `"${a.file_name}" is not a PDF file; only PDF signatures are checked.`);
    return this.verifyAndKeep(a);
  }

  /** The kept results for a document's PDFs; files not checked yet are checked now. */
  async documentChecks(actor: Actor, documentId: number): Promise<SignatureCheckView[]> {
    this.docs.queries.get(actor, documentId); // visibility
    const out: SignatureCheckView[] = [];
    for (const a of this.repo.documentPdfs(documentId)) {
      const kept = this.repo.keptCheck(a.sha256);
      out.push(kept ? checkView(a, kept) : await this.verifyAndKeep(a));
    }
    return out;
  }

  trustList() {
    return listTrustAnchors(this.core.dataDir).map(({ file: _file, ...rest }) => rest);
  }

  trustAdd(certificate: string, actor: Actor) {
    const added = addTrustAnchor(this.core.dataDir, certificate);
    this.core.audit.record({
      actor: actor.label, action: 'signing.trust.add', subjectType: 'trust', subjectId: added.map((a) => a.sha256).join(','),
      after: added.map((a) => ({ sha256: a.sha256, subject: a.subject })),
    });
    // Results kept before this anchor was known may now read differently: check them again on demand.
    this.repo.forgetChecksNotValid();
    return this.trustList();
  }

  private queueDocument(documentId: number): void {
    if (this.closed) return;
    // Files that arrive (incoming registration, intake from the axis). Outgoing files are checked
    // when signed; anything else is checked when its document is opened (documentChecks).
    for (const a of this.repo.uncheckedIncomingPdfs(documentId)) {
      // A bulk import must not pile up work without bound; those files are checked on opening.
      if (this.pending.has(a.sha256) || this.pending.size >= MAX_QUEUED) continue;
      this.pending.add(a.sha256);
      this.queue = this.queue.then(async () => {
        try {
          if (!this.closed) await this.verifyAndKeep(a);
        } catch {
          /* checked again when the document is opened (documentChecks) */
        } finally {
          this.pending.delete(a.sha256);
        }
      });
    }
  }

  /** Resolves when every queued background verification has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }
}

const services = new WeakMap<Core, SigningService>();

export function signingOf(core: Core): SigningService {
  let s = services.get(core);
  if (!s) {
    s = new SigningService(core);
    services.set(core, s);
  }
  return s;
}
