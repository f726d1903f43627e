import { describe, expect, it } from 'vitest';
import { signPdf, type KeySpec } from '../../../core/signing/index';
import { TEST_P12_PASSPHRASE, testPki, type EndEntityName } from '../../support/pki/index';
import { signaturePng, sealPng } from '../../support/pki/images';
import { qpdfCheck, qpdfTransform, samplePdf } from '../../support/pki/samplePdf';
import { extractSignatures, opensslVerify, pdfsig } from './signHelpers';

const pki = testPki();
const p12 = (name: EndEntityName): KeySpec => ({ kind: 'p12', file: pki.identities[name].p12File, passphrase: TEST_P12_PASSPHRASE });
const block = { x: 330, y: 480, width: 200, height: 110 };

const sources: Record<string, () => Promise<Uint8Array>> = {
  'pdf-lib, classic xref table': () => samplePdf({ pages: 2 }),
  'pdf-lib, xref stream with object streams': () => samplePdf({ pages: 2, xref: 'stream' }),
  'qpdf, object streams generated': async () => qpdfTransform(await samplePdf({ pages: 2 }), ['--object-streams=generate']),
  'qpdf, linearized': async () => qpdfTransform(await samplePdf({ pages: 2 }), ['--linearize']),
};

describe('signatures checked by independent tools', () => {
  it.each(Object.keys(sources))('leader then seal on a %s file: both valid and trusted in pdfsig, openssl, qpdf', async (kind) => {
    const original = await sources[kind]!();
    const leader = await signPdf({
      input: original,
      key: p12('leader'),
      appearance: { signatureImage: signaturePng(), authority: 'KT.', title: 'Chủ tịch' },
      placement: { page: 2, rect: block },
    });
    const sealed = await signPdf({ input: leader, key: p12('seal'), appearance: { sealImage: sealPng(400, 254), authority: 'KT.', title: 'Chủ tịch' }, placement: { page: 2, rect: block } });
    expect(qpdfCheck(leader).code).toBe(0);
    expect(qpdfCheck(sealed).code).toBe(0);
    const verdicts = pdfsig(sealed);
    expect(verdicts.map((v) => v.signer)).toEqual(['Nguyễn Văn An', 'UBND Thành phố Thử Nghiệm']);
    for (const v of verdicts) expect(v).toMatchObject({ signatureValid: true, certificateTrusted: true, subFilter: 'ETSI.CAdES.detached' });
    // The last signature covers the whole file; the first covers exactly its own revision.
    expect(verdicts[1]!.totalDocumentSigned).toBe(true);
    const [first, second] = extractSignatures(sealed);
    expect(first!.byteRange[2]! + first!.byteRange[3]!).toBe(leader.length);
    expect(second!.byteRange[2]! + second!.byteRange[3]!).toBe(sealed.length);
    for (const s of [first!, second!]) expect(opensslVerify(s)).toMatchObject({ ok: true });
  });

  it('pdfsig flags a byte changed inside the signed range (the checks are not vacuous)', async () => {
    const signed = await signPdf({ input: await samplePdf(), key: p12('leader') });
    const tampered = new Uint8Array(signed);
    // A byte of the binary comment after the header: harmless to the structure, but signed.
    const at = Buffer.from(tampered).indexOf('\n%') + 2;
    expect(at).toBeLessThan(20);
    tampered[at] = tampered[at]! ^ 0x01;
    expect(pdfsig(tampered)[0]!.signatureValid).toBe(false);
    expect(opensslVerify(extractSignatures(tampered)[0]!).ok).toBe(false);
  });
});
