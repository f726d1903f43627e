import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signPdf } from '../../../core/signing/index';
import { signingOf } from '../../../core/signing/service';
import { buildEdxml } from '../../../core/exchange/edxml';
import { AxisClient } from '../../../core/exchange/axisClient';
import { exchangeOf } from '../../../core/exchange/index';
import { TEST_P12_PASSPHRASE, testPki } from '../../support/pki/index';
import { samplePdf } from '../../support/pki/samplePdf';
import { sampleDocument } from '../../unit/exchange/fixtures';
import { DEPARTMENT, PROVINCE, openWorld, type World } from '../exchange/world';

// A document that arrives over the axis and is registered from intake gets its PDF signatures
// checked and kept for the document page, like one registered by hand; an invalid signature is
// kept as invalid and the registration still goes through.

let w: World;
beforeEach(async () => {
  w = await openWorld();
});
afterEach(async () => {
  await signingOf(w.department.core).idle();
  await w.close();
});

describe('verification of files registered from the exchange intake', () => {
  it('keeps the verdict of each PDF of the registered document: the signer of an intact one, invalid for one changed after signing', async () => {
    const pki = testPki();
    await w.department.call('signing.trust.add', { certificate: pki.rootCertPem });
    const signed = await signPdf({ input: await samplePdf(), key: { kind: 'p12', file: pki.identities.leader.p12File, passphrase: TEST_P12_PASSPHRASE }, revocation: false });
    const tampered = Buffer.from(signed);
    const at = tampered.indexOf('595.28');
    tampered.write('595.29', at, 'latin1');
    const client = new AxisClient({ baseUrl: w.axis.url, ...w.province.creds });
    await client.sendEdoc(buildEdxml(sampleDocument({
      from: { organId: PROVINCE.code, organName: PROVINCE.name }, to: [{ organId: DEPARTMENT.code, organName: DEPARTMENT.name }],
      documentId: `${PROVINCE.code},2026/11/20,7/UBND`, traceHeaders: [],
      attachments: [
        { contentId: 'a1', name: 'van-ban.pdf', mimeType: 'application/pdf', bytes: signed, sha256: '' },
        { contentId: 'a2', name: 'phu-luc.pdf', mimeType: 'application/pdf', bytes: tampered, sha256: '' },
      ],
    })));
    await exchangeOf(w.department.core).syncNow();
    const [item] = (await w.department.call('exchange.intake.list', {})).items;
    const { documentId } = await w.department.call('exchange.intake.register', { id: item!.id, registerId: w.department.ids.incomingRegister });
    await signingOf(w.department.core).idle();
    const kept = w.department.core.db.prepare('SELECT verdict FROM signature_checks ORDER BY verdict').all();
    expect(kept).toHaveLength(2);
    const { checks } = await w.department.call('signing.documentChecks', { documentId });
    const byName = Object.fromEntries(checks.map((c) => [c.fileName, c]));
    // No revocation data in the file and no OCSP address: the signer is known but not fully checked.
    expect(byName['van-ban.pdf']!.signatures[0]).toMatchObject({ signer: 'Nguyễn Văn An' });
    expect(byName['van-ban.pdf']!.verdict).not.toBe('invalid');
    expect(byName['phu-luc.pdf']!.verdict).toBe('invalid');
  });
});
