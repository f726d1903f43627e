import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Core } from '../../core/app';
import { exchangeOf } from '../../core/exchange/index';
import { signPdf } from '../../core/signing/index';
import { startAxisServer, type AxisServerHandle } from '../../server/axis';
import { startWebServer, type WebServer } from '../../server/web/server';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import { STAFF, vietnamesePdf } from './documents-e2e';
import { TEST_P12_PASSPHRASE, testPki } from './pki/index';
import { samplePdf } from './pki/samplePdf';
import { E2E_ADMIN, E2E_PASSWORD, RENDERER_DIST } from './webapp';

// Two agencies exchanging documents for the exchange UI tests: a province and one of its
// departments, each a real Core on a temporary data directory (optionally behind the real web
// server), both connected to a real axis stub on loopback and registered in its directory.

export const PROVINCE = { name: 'Ủy ban nhân dân tỉnh Bình Định', code: '000.00.00.H10', shortName: 'UBND' };
export const DEPARTMENT = { name: 'Sở Thông tin và Truyền thông tỉnh Bình Định', code: '000.00.12.H10', shortName: 'STTTT' };

type Call = <M extends MethodName>(method: M, input: Input<M>) => Promise<Output<M>>;

export interface ExchangeProfile {
  agency: typeof PROVINCE;
  core: Core;
  dataDir: string;
  /** Calls as the system (setup steps the tests do not click through). */
  call: Call;
  ids: { leader: number; incomingRegister: number; outgoingRegister: number };
  /** Web mode only: the URL with the launch token. */
  openUrl: string;
  server: WebServer | null;
  /** Its connected system on the axis (to send hand-made packages). */
  creds: { systemId: string; secret: string };
  /** Sends what is due and fetches what waits, as the sync button does. */
  sync(): Promise<void>;
}

export interface ExchangeWorld {
  axis: AxisServerHandle;
  province: ExchangeProfile;
  department: ExchangeProfile;
  close(): Promise<void>;
}

async function openProfile(root: string, agency: typeof PROVINCE, axis: AxisServerHandle, web: boolean): Promise<ExchangeProfile> {
  const dataDir = path.join(root, agency.shortName.toLowerCase());
  const core = Core.open({ dataDir, purpose: 'exchange UI test' });
  const call = core.asSystem('e2e') as Call;
  await call('setup.initialize', { agency, units: [{ name: 'Văn phòng', code: 'VP' }], admin: E2E_ADMIN });
  const users: Record<string, number> = {};
  for (const u of Object.values(STAFF)) users[u.username] = (await call('users.create', { ...u, title: u.roles[0] === 'leader' ? 'Phó Chủ tịch' : '', password: E2E_PASSWORD })).user.id;
  const incoming = (await call('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' })).register.id;
  // The clerk keeps the outgoing register, so confidential documents numbered in it are theirs to release.
  const outgoing = (await call('registers.create', { name: 'Sổ văn bản đi', direction: 'outgoing', keeperIds: [users[STAFF.clerk.username]!] })).register.id;
  const creds = axis.createSystem(agency.name);
  // As the app does on open: the exchange module reports the queue to the status bar. The poll loop
  // is not started: tests sync on demand (the sync button or `sync()`), never by waiting.
  exchangeOf(core);
  await call('exchange.configure', { axisUrl: axis.url, systemId: creds.systemId, secret: creds.secret, enabled: true, backoffBaseMs: 50, backoffMaxMs: 200, maxTries: 3, registerAgency: true });
  const server = web ? await startWebServer({ core, staticDir: RENDERER_DIST }) : null;
  return {
    agency, core, dataDir, call, server, creds,
    ids: { leader: users[STAFF.leader.username]!, incomingRegister: incoming, outgoingRegister: outgoing },
    openUrl: server?.openUrl ?? '',
    sync: async () => {
      await exchangeOf(core).syncNow();
    },
  };
}

export async function openExchangeWorld(opts: { web: boolean }): Promise<ExchangeWorld> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-exchange-ui-'));
  const axis = await startAxisServer({ dataDir: path.join(root, 'axis'), port: 0, host: '127.0.0.1' });
  const [province, department] = await Promise.all([openProfile(root, PROVINCE, axis, opts.web), openProfile(root, DEPARTMENT, axis, opts.web)]);
  return {
    axis, province, department,
    async close() {
      for (const p of [province, department]) {
        await p.server?.close();
        p.core.close();
      }
      await axis.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * A PDF with Vietnamese text in an embedded font — or, under jsdom (component tests), where
 * pdf-lib's font embedding refuses Node buffers from another realm, a plain standard-font PDF.
 */
async function pdfOf(title: string, lines: string[]): Promise<Uint8Array> {
  return typeof window === 'undefined' ? vietnamesePdf(title, lines) : samplePdf({ lines: [title.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd')] });
}

/** A PDF signed by the test PKI's leader (PAdES, no revocation lookups). */
export async function signedPdf(title: string, lines: string[]): Promise<Uint8Array> {
  const pki = testPki();
  return signPdf({ input: await pdfOf(title, lines), key: { kind: 'p12', file: pki.identities.leader.p12File, passphrase: TEST_P12_PASSPHRASE }, revocation: false, reason: 'Ban hành' });
}

/**
 * An outgoing document drafted, approved, signed (the signed PDF recorded) and numbered in the
 * outgoing register — what a clerk finds ready to release. `docx: true` drafts a Word file and skips
 * signing (a document released on paper first): component tests under jsdom use it, because the
 * core's PDF text extraction starts a worker thread jsdom's module URLs cannot start.
 */
export async function numberedSignedDocument(p: ExchangeProfile, subject: string, over: { confidentiality?: 'normal' | 'confidential' | 'secret' | 'top_secret'; docx?: boolean } = {}): Promise<{ id: number; numberNotation: string }> {
  const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
  const file = over.docx ? { fileName: 'du-thao.docx', contentBase64: b64(wordFile(subject)) } : { fileName: 'du-thao.pdf', contentBase64: b64(await pdfOf('CÔNG VĂN', [subject])) };
  const d = (await p.call('outgoing.createDraft', { typeCode: 'CV', subject, confidentiality: over.confidentiality ?? 'normal', file })).document;
  await p.call('outgoing.submitForApproval', { id: d.id, steps: [{ kind: 'approve', userId: p.ids.leader }] });
  await p.call('outgoing.approve', { id: d.id });
  if (!over.docx) await p.call('outgoing.markSigned', { id: d.id, file: { fileName: 'cong-van-da-ky.pdf', contentBase64: b64(await signedPdf('CÔNG VĂN', [subject])) } });
  const r = await p.call('outgoing.register', { id: d.id, registerId: p.ids.outgoingRegister });
  return { id: d.id, numberNotation: r.document.numberNotation ?? '' };
}

/** Bytes that start like a Word (OOXML, zip) file; the content does not matter to these tests. */
export function wordFile(text: string): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(`word/document.xml ${text}`, 'utf8')]));
}
