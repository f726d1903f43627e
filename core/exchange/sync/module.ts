// The exchange module of one open profile: settings, the background sync loop, the outbox and the
// state shown in the status bar. Works fully offline: releasing and registering only write rows;
// the loop delivers them whenever the axis can be reached.
import { AppError, isAppError } from '../../../shared/api/errors';
import { AxisClient, type AxisAgency } from '../axisClient';
import { isValidAgencyCode } from '../edxml';
import { SyncEnv, type SyncDeps } from './env';
import { assertSendable, exchangeDocumentIdOf, agencyOf, outgoingDoc } from './packages';
import { receiveAll, type ReceiveOptions, type ReceiveResult } from './receiver';
import type { OutboxRow, SettingsRow } from './repository';
import { backoffMs, packageOf, sendDue } from './sender';
import { attachmentVerifierFor, defaultAttachmentVerifier, type AttachmentVerifier } from './verification';

export type SyncStateName = 'offline' | 'online' | 'syncing' | 'error' | 'disabled';
export interface ExchangeSyncState {
  state: SyncStateName;
  queued: number;
  detail: string;
}

export interface ExchangeSettingsInput {
  axisUrl: string;
  systemId: string;
  /** Omit to keep the stored secret. */
  secret?: string;
  enabled: boolean;
  pollSeconds?: number;
  maxTries?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export interface ExchangeModuleOptions {
  verifier?: AttachmentVerifier;
  /** Per request to the axis. */
  timeoutMs?: number;
}

/** How long the background listener's listing waits on the axis for something to arrive (the axis's limit). */
export const LISTEN_WAIT_MS = 25_000;

const NOTHING_RECEIVED: ReceiveResult = { intake: 0, duplicates: 0, statuses: 0, quarantined: 0 };

export interface SyncReport {
  sent: number;
  sendFailures: number;
  received: ReceiveResult | null;
  state: ExchangeSyncState;
}

export class ExchangeModule {
  readonly env: SyncEnv;
  private readonly verifier: AttachmentVerifier;
  private running: Promise<SyncReport> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private lastProblem: { kind: 'offline' | 'error'; detail: string } | undefined;
  private lastState = '';
  private lastSyncAt: string | undefined;
  /** Passes in a row that met a problem: the loop backs off instead of hammering a down axis. */
  private failStreak = 0;
  /** Receives take turns (the background listener's and a pass's): two at once would take one package twice. */
  private receiving: Promise<unknown> = Promise.resolve();
  /** The background listener's current listing: whether the axis is holding it, and how to cut it short. */
  private listener: { holding: boolean; abort: AbortController } | undefined;
  private listening = false;
  /** Ends the listener's pause early (stop, new settings). */
  private wakeListener: (() => void) | undefined;

  constructor(
    deps: SyncDeps,
    private readonly opts: ExchangeModuleOptions = {},
  ) {
    this.env = new SyncEnv(deps);
    this.verifier = opts.verifier ?? (deps.dataDir ? attachmentVerifierFor({ dataDir: deps.dataDir, now: deps.now }) : defaultAttachmentVerifier);
  }

  // ---- settings ----

  settings(): SettingsRow {
    return this.env.repo.settings();
  }

  configured(): boolean {
    const s = this.settings();
    return s.enabled === 1 && !!s.axis_url && !!s.system_id && !!s.secret;
  }

  configure(input: ExchangeSettingsInput, actorLabel: string): void {
    let url: URL;
    try {
      url = new URL(input.axisUrl);
    } catch {
      throw new AppError('VALIDATION', 'The axis address must be a URL such as https://axis.example.gov.vn.', { fields: [{ path: 'axisUrl', code: 'url.invalid', message: 'not a URL' }] });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AppError('VALIDATION', 'The axis address must start with https:// (or http:// on this computer).', { fields: [{ path: 'axisUrl', code: 'url.scheme', message: 'http(s) only' }] });
    this.env.tx(() => {
      const before = this.settings();
      const next = {
        axis_url: input.axisUrl.replace(/\/+$/, ''),
        system_id: input.systemId,
        secret: input.secret ?? before.secret,
        enabled: input.enabled ? 1 : 0,
        poll_seconds: input.pollSeconds ?? before.poll_seconds,
        max_tries: input.maxTries ?? before.max_tries,
        backoff_base_ms: input.backoffBaseMs ?? before.backoff_base_ms,
        backoff_max_ms: input.backoffMaxMs ?? before.backoff_max_ms,
      };
      if (input.enabled && !next.secret) throw new AppError('VALIDATION', 'Enter the secret the axis operator gave this system.', { fields: [{ path: 'secret', code: 'required', message: 'required' }] });
      this.env.repo.putSettings(next, this.env.nowIso());
      // The secret is never written to the audit log: only whether it changed.
      const view = (s: typeof next) => ({ axisUrl: s.axis_url, systemId: s.system_id, enabled: !!s.enabled, pollSeconds: s.poll_seconds, maxTries: s.max_tries });
      this.env.deps.audit.record({ actor: actorLabel, action: 'exchange.configure', subjectType: 'settings', subjectId: 'exchange', before: view(before), after: { ...view(next), secretChanged: input.secret !== undefined && input.secret !== before.secret } });
    });
    this.lastProblem = undefined;
    this.publishState();
    this.interruptListener();
    this.kick();
  }

  client(): AxisClient {
    const s = this.settings();
    if (!s.axis_url || !s.system_id || !s.secret) throw new AppError('EXCHANGE_NOT_CONFIGURED', 'Connect to the exchange axis first (address, system id and secret in Exchange settings).');
    return new AxisClient({ baseUrl: s.axis_url, systemId: s.system_id, secret: s.secret, timeoutMs: this.opts.timeoutMs ?? 15_000 });
  }

  // ---- state ----

  state(): ExchangeSyncState {
    const counts = this.env.repo.countByState();
    const queued = counts.queued;
    if (!this.configured()) return { state: 'disabled', queued, detail: queued ? `${queued} waiting; exchange is not connected` : 'exchange not connected' };
    if (this.running) return { state: 'syncing', queued, detail: 'sending and receiving' };
    // Failed deliveries need the clerk whatever else is going on, so they win over "offline".
    if (counts.failed) return { state: 'error', queued, detail: `${counts.failed} deliveries failed; see the outbox${this.lastProblem ? ` (${this.lastProblem.detail})` : ''}` };
    if (this.lastProblem) return { state: this.lastProblem.kind, queued, detail: this.lastProblem.detail };
    return { state: 'online', queued, detail: this.lastSyncAt ? `last sync ${this.lastSyncAt}` : 'connected' };
  }

  /** Re-reads the queue and tells the UI if the status bar should change. */
  refreshState(): void {
    this.publishState();
  }

  private publishState(): void {
    const s = this.state();
    const key = JSON.stringify(s);
    if (key === this.lastState) return;
    this.lastState = key;
    this.env.emit({ type: 'sync.state', ...s });
  }

  // ---- sync ----

  /**
   * One send + receive pass now (joins a pass already running). `waitMs`: when nothing is listed,
   * let the axis hold the listing this long for something to arrive — for a caller that only
   * receives, since the pass (and any joining it) lasts until then.
   */
  syncNow(opts: { waitMs?: number } = {}): Promise<SyncReport> {
    if (!this.configured()) return Promise.resolve({ sent: 0, sendFailures: 0, received: null, state: this.state() });
    this.running ??= this.pass(opts.waitMs).finally(() => {
      this.running = undefined;
      this.publishState();
      this.schedule();
    });
    this.publishState();
    return this.running;
  }

  private async pass(waitMs?: number): Promise<SyncReport> {
    const client = this.client();
    let problem: unknown;
    const sent = await sendDue(this.env, client);
    if (sent.error !== undefined) problem = sent.error;
    let received: ReceiveResult | null = null;
    try {
      // The background listener is waiting on the axis: whatever arrives is answered to it.
      if (this.listener?.holding) received = { ...NOTHING_RECEIVED };
      else received = await this.receiveInTurn(client, { wait: waitMs });
    } catch (e) {
      problem ??= e;
    }
    if (problem === undefined) {
      this.failStreak = 0;
      this.lastProblem = undefined;
      this.lastSyncAt = this.env.nowIso();
    } else {
      this.failStreak++;
      const offline = isAppError(problem) && (problem.code === 'AXIS_UNREACHABLE' || problem.code === 'AXIS_SERVER_ERROR');
      this.lastProblem = { kind: offline ? 'offline' : 'error', detail: isAppError(problem) ? problem.message : (problem as Error).message };
    }
    if (sent.sent || sent.failed) this.env.emit({ type: 'changed', subject: 'exchange.outbox' });
    return { sent: sent.sent, sendFailures: sent.failed, received, state: { ...this.state(), state: this.lastProblem?.kind ?? 'online' } };
  }

  private receiveInTurn(client: AxisClient, opts: ReceiveOptions): Promise<ReceiveResult> {
    const turn = this.receiving.then(() => receiveAll(this.env, client, this.verifier, opts));
    this.receiving = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Starts the background loop (the app and web mode call this; tests drive syncNow directly):
   * passes that send what is due (at once after a release, later for retries), and a listener
   * whose listing the axis holds until something arrives, instead of polling every poll_seconds.
   */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
    void this.listen();
  }

  /** With the profile: stops the loop and closes the outbox's package log. */
  close(): void {
    this.stop();
    this.env.close();
  }

  stop(): void {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.interruptListener();
  }

  /** Cuts the listener's held listing or pause short; it goes on with the current settings if still started. */
  private interruptListener(): void {
    this.listener?.abort.abort();
    this.wakeListener?.();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeListener = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref?.();
      this.wakeListener = done;
    });
  }

  /**
   * The background listener: a receive whose listing the axis holds until a package arrives (or
   * LISTEN_WAIT_MS pass), over and over. Sends never wait for it: a pass that finds it holding
   * skips its own receive. Problems are left to the passes to report; here they only slow it down.
   */
  private async listen(): Promise<void> {
    if (this.listening) return;
    this.listening = true;
    let failures = 0;
    try {
      while (this.started) {
        const s = this.settings();
        const pollMs = s.poll_seconds * 1000;
        if (!this.configured()) {
          await this.pause(pollMs);
          continue;
        }
        const abort = new AbortController();
        const listener = { holding: true, abort };
        this.listener = listener;
        const startedAt = Date.now();
        try {
          const got = await this.receiveInTurn(this.client(), { wait: LISTEN_WAIT_MS, signal: abort.signal, onListed: () => (listener.holding = false) });
          failures = 0;
          if (got.intake || got.statuses || got.duplicates || got.quarantined) {
            if (got.intake) this.kick(); // the arrival statuses (01) just queued go out now
          } else if (!abort.signal.aborted && Date.now() - startedAt < LISTEN_WAIT_MS / 2) {
            // Answered at once with nothing new (an axis that does not hold listings, or only
            // refused packages left listed): poll as before.
            await this.pause(pollMs);
          }
        } catch {
          if (!this.started || abort.signal.aborted) continue;
          failures++;
          await this.pause(Math.min(pollMs, backoffMs(failures, s.backoff_base_ms, s.backoff_max_ms)));
        } finally {
          if (this.listener === listener) this.listener = undefined;
        }
      }
    } finally {
      this.listening = false;
    }
  }

  /** Something was queued: sync soon. */
  kick(): void {
    if (this.started) this.schedule(50);
  }

  private schedule(delayMs?: number): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    let wait = delayMs;
    if (wait === undefined) {
      const s = this.settings();
      const poll = s.poll_seconds * 1000;
      const nextDue = this.env.repo.nextDueAt();
      wait = nextDue === undefined ? poll : Math.min(poll, Math.max(100, nextDue - this.env.now().getTime()));
      if (this.failStreak > 0) wait = Math.max(wait, Math.min(poll, backoffMs(this.failStreak, s.backoff_base_ms, s.backoff_max_ms)));
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.configured()) void this.syncNow().catch(() => undefined);
      else this.schedule();
    }, wait);
    this.timer.unref?.();
  }

  // ---- directory ----

  async directory(q: { search?: string }): Promise<AxisAgency[]> {
    const all = await this.client().getAgencyList();
    const s = (q.search ?? '').trim().normalize('NFC').toLowerCase();
    return s ? all.filter((a) => a.organId.toLowerCase().includes(s) || a.organName.normalize('NFC').toLowerCase().includes(s)) : all;
  }

  /** Registers this profile's agency on the axis (first connection). */
  async registerSelf(): Promise<AxisAgency> {
    const a = agencyOf(this.env.db);
    return this.client().registerAgency({ organId: a.code, organName: a.name });
  }

  // ---- outbox ----

  /**
   * Queues a registered (numbered) outgoing document for external agencies outside the release
   * step: one package per recipient, written in one transaction. Confidential documents are refused.
   */
  send(documentId: number, recipients: { agencyCode: string; name: string }[], actorLabel: string): OutboxRow[] {
    for (const r of recipients) {
      if (!isValidAgencyCode(r.agencyCode)) throw new AppError('VALIDATION', `"${r.agencyCode.slice(0, 20)}" is not an agency code (e.g. 000.00.00.H10).`, { fields: [{ path: 'recipients', code: 'agency.code', message: 'not an agency code' }] });
    }
    const ids = this.env.tx(() => {
      const d = outgoingDoc(this.env.db, documentId);
      assertSendable(d);
      if (d.status !== 'released' && d.status !== 'numbered') throw new AppError('INVALID_STATE', `Document ${documentId} is "${d.status}"; only a numbered or released document is sent.`);
      const xid = exchangeDocumentIdOf(agencyOf(this.env.db).code, d);
      const now = this.env.nowIso();
      const out: number[] = [];
      for (const r of recipients) {
        const id = this.env.repo.insertOutbox(
          { kind: 'document', document_id: documentId, intake_id: null, recipient_code: r.agencyCode, recipient_name: r.name, exchange_document_id: xid, status_code: null, description: null, package: null, package_sha256: null, state: 'queued', last_error: null },
          now,
        );
        if (id === undefined) continue; // already queued or sent to this recipient
        this.env.repo.upsertRecipient({ document_id: documentId, recipient_code: r.agencyCode, recipient_name: r.name, exchange_document_id: xid, status: 'queued', detail: '', updated_at: now });
        this.env.repo.event({ documentId, recipientCode: r.agencyCode, event: 'queued', detail: r.name }, now);
        this.env.deps.audit.record({ actor: actorLabel, action: 'exchange.send', subjectType: 'document', subjectId: documentId, after: { recipient: r.agencyCode } });
        out.push(id);
      }
      return out;
    });
    this.publishState();
    this.kick();
    return ids.map((id) => this.env.repo.outbox(id)!);
  }

  /** The package an outbox entry sends (built on its first attempt), checked against its SHA-256. */
  outboxPackage(outboxId: number): Uint8Array | undefined {
    const row = this.env.repo.outbox(outboxId);
    return row && (row.package !== null || row.package_sha256 !== null) ? packageOf(this.env, row).bytes : undefined;
  }

  retry(outboxId: number, actorLabel: string): void {
    this.env.tx(() => {
      const row = this.env.repo.outbox(outboxId);
      if (!row) throw new AppError('NOT_FOUND', `No outbox entry ${outboxId}.`);
      if (!this.env.repo.requeue(outboxId, this.env.nowIso())) throw new AppError('INVALID_STATE', `Outbox entry ${outboxId} is "${row.state}"; only a failed delivery can be retried.`);
      this.env.repo.event({ documentId: row.document_id, intakeId: row.intake_id, recipientCode: row.recipient_code, event: 'retry.requested', detail: actorLabel }, this.env.nowIso());
      if (row.kind === 'document' && row.document_id !== null) {
        this.env.repo.upsertRecipient({ document_id: row.document_id, recipient_code: row.recipient_code, recipient_name: row.recipient_name, exchange_document_id: row.exchange_document_id, status: 'queued', detail: 'retry requested', updated_at: this.env.nowIso() });
      }
      this.env.deps.audit.record({ actor: actorLabel, action: 'exchange.retry', subjectType: 'exchange.outbox', subjectId: outboxId, after: { deliveryId: row.delivery_id } });
    });
    this.publishState();
    this.kick();
  }

  cancel(outboxId: number, actorLabel: string): void {
    this.env.tx(() => {
      const row = this.env.repo.outbox(outboxId);
      if (!row) throw new AppError('NOT_FOUND', `No outbox entry ${outboxId}.`);
      if (!this.env.repo.cancel(outboxId, this.env.nowIso())) throw new AppError('INVALID_STATE', `Outbox entry ${outboxId} is "${row.state}"; only a waiting or failed delivery can be cancelled.`);
      this.env.repo.event({ documentId: row.document_id, intakeId: row.intake_id, recipientCode: row.recipient_code, event: 'cancelled', detail: actorLabel }, this.env.nowIso());
      if (row.kind === 'document' && row.document_id !== null) {
        this.env.repo.upsertRecipient({ document_id: row.document_id, recipient_code: row.recipient_code, recipient_name: row.recipient_name, exchange_document_id: row.exchange_document_id, status: 'cancelled', detail: `cancelled by ${actorLabel}`, updated_at: this.env.nowIso() });
      }
      this.env.deps.audit.record({ actor: actorLabel, action: 'exchange.cancel', subjectType: 'exchange.outbox', subjectId: outboxId, after: { deliveryId: row.delivery_id } });
    });
    this.publishState();
  }
}
