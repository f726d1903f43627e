// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { addUser, initAgency, login, openCore } from '../../support/core';
import { vnDay } from '../../support/documents-e2e';
import { logInThroughUi, renderApp } from './harness';
import { USER_PASSWORD } from '../../support/core';

// The incoming registration form against a real core: Vietnamese errors next to the fields (the
// form's own and the core's), the notation filling in the type, and the duplicate warning shown
// before anything is saved, with "register anyway".

async function setUp() {
  const core = openCore();
  await initAgency(core);
  await addUser(core, 'vanthu', ['clerk']);
  const sys = core.asSystem('test');
  const { register } = await sys('registers.create', { name: 'Sổ văn bản đến', direction: 'incoming' });
  await sys('documents.registerIncoming', {
    registerId: register.id, numberNotation: '15/KH-UBND', issuerName: 'Ủy ban nhân dân tỉnh Bình Định', dateIssued: vnDay(-3), subject: 'Kế hoạch chuyển đổi số',
  });
  renderApp(core);
  await logInThroughUi('vanthu', USER_PASSWORD, fireEvent);
  await screen.findByRole('heading', { level: 1, name: 'Văn bản đến' });
  window.location.hash = '#/incoming/new';
  await screen.findByRole('heading', { level: 2, name: 'Đăng ký văn bản đến' });
  const total = async () => (await core.call('documents.list', { direction: 'incoming' }, { sessionToken: await login(core, 'vanthu') })).total;
  return { core, total };
}

const field = (label: string) => screen.getByLabelText(label, { exact: true }) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.change(field(label), { target: { value } });

describe('incoming registration form', () => {
  test('empty required fields get Vietnamese messages next to them and nothing is saved', async () => {
    const { total } = await setUp();
    fireEvent.click(screen.getByRole('button', { name: 'Vào sổ' }));
    expect(await screen.findByText('Chưa vào sổ được: sửa các trường được đánh dấu bên dưới.')).toBeTruthy();
    for (const label of ['Số, ký hiệu', 'Cơ quan ban hành', 'Ngày ban hành', 'Trích yếu nội dung']) {
      const input = field(label);
      expect(input.getAttribute('aria-invalid')).toBe('true');
      const message = document.getElementById(input.getAttribute('aria-describedby')!.split(' ')[0]!)!;
      expect(message.textContent).toContain('Không được để trống.');
    }
    expect(await total()).toBe(1);
  });

  test('the notation fills in the type and issuer; a badly formed notation is refused by the core with a message on that field', async () => {
    const { total } = await setUp();
    type('Số, ký hiệu', '07/QĐ-SNV');
    expect(await screen.findByText('Nhận dạng: Quyết định số 07 của SNV.')).toBeTruthy();
    await waitFor(() => expect((screen.getByLabelText('Loại văn bản') as HTMLSelectElement).value).toBe('QĐ'));
    expect(field('Cơ quan ban hành').value).toBe('SNV');
    type('Số, ký hiệu', 'không có số');
    expect(await screen.findByText('Chưa nhận dạng được số, ký hiệu; kiểm tra lại hoặc chọn loại văn bản bằng tay.')).toBeTruthy();
    type('Ngày ban hành', vnDay(-1));
    type('Trích yếu nội dung', 'Quyết định về việc cử cán bộ đi công tác');
    fireEvent.click(screen.getByRole('button', { name: 'Vào sổ' }));
    await waitFor(() => expect(field('Số, ký hiệu').getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById('reg-notation-error')!.textContent).toContain('Số, ký hiệu chưa đúng dạng');
    expect(await total()).toBe(1);
  });

  test('a probable duplicate is shown before saving; "register anyway" saves it with the next arrival number', async () => {
    const { total } = await setUp();
    type('Số, ký hiệu', '15/KH-UBND');
    await screen.findByText('Nhận dạng: Kế hoạch số 15 của UBND.');
    type('Cơ quan ban hành', 'Ủy ban nhân dân tỉnh Bình Định');
    type('Ngày ban hành', vnDay(-3));
    type('Trích yếu nội dung', 'Kế hoạch chuyển đổi số (bản gửi lại)');
    fireEvent.click(screen.getByRole('button', { name: 'Vào sổ' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Văn bản này có thể đã được đăng ký');
    expect(alert.textContent).toContain('Trùng số, ký hiệu, cơ quan ban hành và ngày ban hành');
    expect(alert.textContent).toContain('15/KH-UBND');
    expect(await total()).toBe(1);
    expect((screen.getByRole('button', { name: 'Vào sổ' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Vẫn vào sổ' }));
    expect(await screen.findByText(/Đã vào sổ: số đến 0?2\./)).toBeTruthy();
    expect(await total()).toBe(2);
  });
});

describe('attachments at registration', () => {
  test('a damaged PDF is still registered, with a visible warning on the document page', async () => {
    await setUp();
    type('Số, ký hiệu', '88/UBND-VX');
    type('Cơ quan ban hành', 'Ủy ban nhân dân huyện Tuy Phước');
    type('Ngày ban hành', vnDay(-1));
    type('Trích yếu nội dung', 'Về việc tổ chức tập huấn');
    const damaged = new File(['%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'], 'cong-van-88.pdf', { type: 'application/pdf' });
    fireEvent.change(screen.getByLabelText('Tệp đính kèm'), { target: { files: [damaged] } });
    expect(await screen.findByText('cong-van-88.pdf')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Vào sổ' }));
    expect(await screen.findByText('Đã vào sổ nhưng có tệp cần lưu ý:')).toBeTruthy();
    const warnings = await screen.findAllByText(/PDF bị hỏng hoặc không đầy đủ/);
    // Once in the message after saving, once beside the file on the document page.
    expect(warnings.length).toBeGreaterThanOrEqual(2);
  });
});
