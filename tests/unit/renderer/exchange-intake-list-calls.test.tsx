// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { AxisClient } from '../../../core/exchange/axisClient';
import { buildEdxml } from '../../../core/exchange/edxml';
import { STAFF } from '../../support/documents-e2e';
import { DEPARTMENT, openExchangeWorld, PROVINCE, type ExchangeWorld } from '../../support/exchange-e2e';
import { E2E_PASSWORD } from '../../support/webapp';
import { sampleDocument, tinyPdf } from '../exchange/fixtures';
import { logInThroughUi, renderApp } from './harness';

// The intake list shows each package's files and check results from the list call itself: a page
// of N packages is one request, not one per row.

let w: ExchangeWorld;
beforeEach(async () => {
  w = await openExchangeWorld({ web: false });
});
afterEach(async () => {
  await w.close();
});

describe('electronic document intake list', () => {
  test('shows a page of packages with their checks from one list call, without asking for each package', async () => {
    const client = new AxisClient({ baseUrl: w.axis.url, ...w.province.creds });
    for (const n of [51, 52, 53, 54]) {
      await client.sendEdoc(buildEdxml(sampleDocument({
        from: { organId: PROVINCE.code, organName: PROVINCE.name }, to: [{ organId: DEPARTMENT.code, organName: DEPARTMENT.name }],
        documentId: `${PROVINCE.code},2026/11/20,${n}/UBND-VX`, code: { codeNumber: String(n), codeNotation: 'UBND-VX' }, traceHeaders: [],
        attachments: [{ contentId: `a${n}`, name: `cong-van-${n}.pdf`, mimeType: 'application/pdf', bytes: tinyPdf(String(n)), sha256: '' }],
      })));
    }
    await w.department.sync();
    const core = w.department.core;
    const methods: string[] = [];
    const call = core.call.bind(core) as (method: string, input: unknown, auth: unknown) => Promise<unknown>;
    core.call = ((method: string, input: unknown, auth: unknown) => {
      methods.push(method);
      return call(method, input, auth);
    }) as typeof core.call;
    renderApp(core);
    await logInThroughUi(STAFF.clerk.username, E2E_PASSWORD, fireEvent);
    await screen.findByRole('navigation', { name: 'Phân hệ' });
    window.location.hash = '#/exchange';
    const table = await screen.findByRole('table', { name: 'Tiếp nhận văn bản điện tử' });
    const rows = await waitFor(() => {
      const r = within(table).getAllByRole('row').slice(1);
      expect(r).toHaveLength(4);
      return r;
    });
    for (const n of [51, 52, 53, 54]) {
      const row = rows.find((r) => r.textContent!.includes(`${n}/UBND-VX`))!;
      expect(row.textContent).toContain(`cong-van-${n}.pdf`);
      expect(row.textContent).toContain('Mã băm SHA-256 khớp');
    }
    expect(methods.filter((m) => m === 'exchange.intake.get')).toEqual([]);
  });
});
