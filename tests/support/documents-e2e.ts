import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';
import type { Page } from 'playwright-core';
import type { Core } from '../../core/app';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import { E2E_PASSWORD, REPO_ROOT, seedAgency } from './webapp';

// Helpers for the documents browser tests: the staff of a small agency with its registers, a real
// Vietnamese PDF to attach, and logging in and out through the UI.

export const STAFF = {
  clerk: { username: 'vanthu', fullName: 'Nguyễn Thị Lan', roles: ['clerk' as const] },
  leader: { username: 'lanhdao', fullName: 'Lê Quang Hùng', roles: ['leader' as const] },
  specialist: { username: 'chuyenvien', fullName: 'Trần Văn Minh', roles: ['specialist' as const] },
};

/** Agency, three staff and one incoming and one outgoing register. */
export async function seedDocumentsAgency(core: Core): Promise<void> {
  await seedAgency(core, Object.values(STAFF));
  const call = core.asSystem('e2e');
  await call('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' });
  await call('registers.create', { name: 'Sổ văn bản đi', direction: 'outgoing' });
}

/** A two-page PDF with Vietnamese text in an embedded font (so the text layer has real words). */
export async function vietnamesePdf(title: string, lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(fs.readFileSync(path.join(REPO_ROOT, 'resources', 'fonts', 'Tinos-Regular.ttf')), { subset: true });
  const bold = await doc.embedFont(fs.readFileSync(path.join(REPO_ROOT, 'resources', 'fonts', 'Tinos-Bold.ttf')), { subset: true });
  for (let p = 1; p <= 2; p++) {
    const page = doc.addPage([595.28, 841.89]);
    page.drawText('ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH', { x: 60, y: 780, size: 12, font: bold });
    page.drawText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { x: 300, y: 780, size: 12, font: bold });
    page.drawText(title, { x: 200, y: 700, size: 16, font: bold, color: rgb(0, 0, 0) });
    lines.forEach((l, i) => page.drawText(l, { x: 70, y: 650 - i * 22, size: 13, font: regular }));
    page.drawText(`Trang ${p}/2`, { x: 280, y: 40, size: 10, font: regular });
  }
  return Buffer.from(await doc.save());
}

export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.keyboard.press('Enter');
  await page.getByRole('navigation', { name: 'Phân hệ' }).waitFor();
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
}

/** YYYY-MM-DD in Vietnam, `days` from today. */
export function vnDay(days = 0): string {
  return new Date(Date.now() + days * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** Whether the first page of the PDF viewer has drawn something other than white. */
export async function firstPageIsDrawn(page: Page): Promise<boolean> {
  return page.locator('.pdfv__pages .pdf-page[data-page="1"] canvas').evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0) return false;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 128 && data[i + 3]! > 0) dark++;
    return dark > 200;
  });
}

/** Calls made as one of the staff, through the real dispatcher with a real session. */
export async function callAs(core: Core, username: string): Promise<<M extends MethodName>(m: M, input: Input<M>) => Promise<Output<M>>> {
  const { sessionToken } = await core.call('auth.login', { username, password: E2E_PASSWORD }, {});
  return (m, input) => core.call(m, input, { sessionToken });
}

/** An outgoing draft the specialist wrote and the leader approved, ready to be signed; its id. */
export async function approvedDraft(core: Core, draft: { subject: string; fileName: string; pdf: Buffer }): Promise<number> {
  const specialist = await callAs(core, STAFF.specialist.username);
  const leader = await callAs(core, STAFF.leader.username);
  const created = await specialist('outgoing.createDraft', { typeCode: 'QĐ', subject: draft.subject, unitId: null, file: { fileName: draft.fileName, contentBase64: draft.pdf.toString('base64') } });
  const leaderId = (await core.asSystem('e2e')('users.list', {})).users.find((u) => u.username === STAFF.leader.username)!.id;
  await specialist('outgoing.submitForApproval', { id: created.document.id, steps: [{ kind: 'approve', userId: leaderId }] });
  await leader('outgoing.approve', { id: created.document.id });
  return created.document.id;
}
