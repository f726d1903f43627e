import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorOf, incoming, openProfile, type TestProfile } from './profile';

let p: TestProfile;
let registerId: number;
beforeEach(async () => {
  p = await openProfile();
  registerId = (await p.system('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' })).register.id;
});
afterEach(() => p.close());

async function textPdf(objectStreams: boolean): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage();
  page.drawText('Quyet dinh so 1296', { font: await doc.embedFont(StandardFonts.Helvetica), x: 50, y: 700 });
  return Buffer.from(await doc.save({ useObjectStreams: objectStreams }));
}

async function scannedPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage().drawRectangle({ x: 40, y: 40, width: 300, height: 400 });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

function blobCount(): number {
  const root = path.join(p.dir, 'blobs');
  return fs.readdirSync(root).filter((d) => d.length === 2).reduce((n, d) => n + fs.readdirSync(path.join(root, d)).length, 0);
}

const file = (fileName: string, bytes: Buffer) => ({ fileName, contentBase64: bytes.toString('base64') });

describe('attachments', () => {
  it('refuses a file over the size limit before storing anything, naming the limit', async () => {
    await p.system('documents.updateSettings', { maxAttachmentBytes: 2048 });
    const before = blobCount();
    const e = await errorOf(p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming(), attachments: [file('big.pdf', Buffer.alloc(4096, 1))] }));
    expect(e.code).toBe('FILE_TOO_LARGE');
    expect(e.message).toContain('2048 bytes');
    expect(e.details).toMatchObject({ size: 4096, limit: 2048 });
    expect(blobCount()).toBe(before);
    expect((await p.users.clerk.call('documents.list', {})).total).toBe(0);
  });

  it('keeps damaged, encrypted and scanned PDFs, flagged, and marks good ones pending extraction', async () => {
    const good = await textPdf(false);
    const compact = await textPdf(true);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-pdf-'));
    fs.writeFileSync(path.join(tmp, 'plain.pdf'), good);
    execFileSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', path.join(tmp, 'plain.pdf'), path.join(tmp, 'enc.pdf')]);
    const encrypted = fs.readFileSync(path.join(tmp, 'enc.pdf'));
    fs.rmSync(tmp, { recursive: true, force: true });
    const r = await p.users.clerk.call('documents.registerIncoming', {
      registerId, ...incoming(),
      attachments: [file('good.pdf', good), file('compact.pdf', compact), file('broken.pdf', good.subarray(0, good.length / 2)), file('locked.pdf', encrypted), file('scan.pdf', await scannedPdf()), file('photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]))],
    });
    const byName = Object.fromEntries(r.document.attachments.map((a) => [a.fileName, a]));
    expect(byName['good.pdf']).toMatchObject({ role: 'main', mime: 'application/pdf', extraction: 'pending', warning: null });
    expect(byName['compact.pdf']).toMatchObject({ extraction: 'pending', warning: null });
    expect(byName['broken.pdf']).toMatchObject({ extraction: 'failed', warning: 'pdf.corrupt' });
    expect(byName['locked.pdf']).toMatchObject({ extraction: 'failed', warning: 'pdf.encrypted' });
    expect(byName['scan.pdf']).toMatchObject({ extraction: 'failed', warning: 'pdf.noText' });
    expect(byName['photo.png']).toMatchObject({ mime: 'image/png', extraction: 'not_applicable', warning: null });
    expect(r.warnings).toEqual(['broken.pdf: pdf.corrupt', 'locked.pdf: pdf.encrypted', 'scan.pdf: pdf.noText']);
    const got = await p.users.clerk.call('attachments.get', { id: byName['good.pdf']!.id });
    expect(Buffer.from(got.contentBase64!, 'base64').equals(good)).toBe(true);
    const hashOnly = await p.users.clerk.call('attachments.get', { id: byName['good.pdf']!.id, as: 'hash' });
    expect(hashOnly).toMatchObject({ contentBase64: null, attachment: { sha256: byName['good.pdf']!.sha256 } });
  });

  it('reports a stored file damaged on disk instead of serving it', async () => {
    const r = await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming(), attachments: [file('a.txt', Buffer.from('bản gốc'))] });
    const att = r.document.attachments[0]!;
    const blob = p.core.blobs.pathOf(att.sha256);
    fs.chmodSync(blob, 0o644);
    fs.writeFileSync(blob, 'bản đã bị sửa');
    expect((await errorOf(p.users.clerk.call('attachments.get', { id: att.id }))).code).toBe('INTEGRITY_FAILED');
  });

  it('adds files later to an open document, by a clerk or its handler only', async () => {
    const d = (await p.users.clerk.call('documents.registerIncoming', { registerId, ...incoming() })).document;
    const a = await p.users.clerk.call('attachments.add', { documentId: d.id, file: file('phu-luc.txt', Buffer.from('Phụ lục')) });
    expect(a.attachment).toMatchObject({ role: 'attachment', extraction: 'pending' });
    expect((await errorOf(p.users.spec1.call('attachments.add', { documentId: d.id, file: file('x.txt', Buffer.from('x')) }))).code).toBe('FORBIDDEN');
    expect((await p.users.clerk.call('documents.timeline', { id: d.id })).entries.map((e) => e.action)).toContain('document.attach');
  });
});
