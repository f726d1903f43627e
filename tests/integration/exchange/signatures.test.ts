import { describe, expect, it } from 'vitest';
import { signPdf } from '../../../core/signing/index';
import { buildEdxml } from '../../../core/exchange/edxml';
import { AxisClient } from '../../../core/exchange/axisClient';
import { exchangeOf } from '../../../core/exchange/index';
import { TEST_P12_PASSPHRASE, testPki } from '../../support/pki/index';
import { samplePdf } from '../../support/pki/samplePdf';
import { sampleDocument } from '../../unit/exchange/fixtures';
import { DEPARTMENT, PROVINCE, freshWorldEachTest, type World } from './world';

// The PDF signatures inside a received package are checked on arrival and shown to the clerk in
// intake; a broken signature is reported, never hidden, and never stops the package arriving.

let w: World;
freshWorldEachTest((world) => (w = world));

describe('PDF signatures in received packages', () => {
  it('shows the signer of a signed PDF and flags one changed after signing as invalid', async () => {
    const pki = testPki();
    const signed = await signPdf({ input: await samplePdf(), key: { kind: 'p12', file: pki.identities.leader.p12File, passphrase: TEST_P12_PASSPHRASE } });
    const tampered = Buffer.from(signed);
    const at = tampered.indexOf('/MediaBox');
    tampered[at + 2] = tampered[at + 2] === 0x65 ? 0x45 : 0x65; // one byte inside the signed range
    const client = new AxisClient({ baseUrl: w.axis.url, ...w.province.creds });
    const send = (n: number, bytes: Uint8Array) =>
      client.sendEdoc(buildEdxml(sampleDocument({
        from: { organId: PROVINCE.code, organName: PROVINCE.name }, to: [{ organId: DEPARTMENT.code, organName: DEPARTMENT.name }],
        documentId: `${PROVINCE.code},2026/11/20,${n}/UBND`, traceHeaders: [],
        attachments: [{ contentId: `a${n}`, name: `vb-${n}.pdf`, mimeType: 'application/pdf', bytes, sha256: '' }],
      })));
    await send(1, signed);
    await send(2, tampered);
    const r = await exchangeOf(w.department.core).syncNow();
    expect(r.received).toMatchObject({ intake: 2, quarantined: 0 });
    const items = (await w.department.call('exchange.intake.list', {})).items.sort((a, b) => a.id - b.id);
    const [good, bad] = await Promise.all(items.map(async (i) => (await w.department.call('exchange.intake.get', { id: i.id })).item.attachments[0]!));
    expect(good!.signature).not.toMatch(/^(unsigned|invalid|not-checked)$/);
    expect(good!.signatureDetail).toMatch(/\S+: /);
    expect(bad!.signature).toBe('invalid');
    expect(bad!.hashMatches).toBe(true); // the package is intact; the PDF inside it is not
  });
});
