import { describe, expect, it } from 'vitest';
import { signPdfDetailed, type SignPdfOptions } from '../../../core/signing/index';
import { baseDocument, opensslSigner, signIncremental } from '../../attacks/sign';
import { TEST_P12_PASSPHRASE, testPki, type EndEntityName } from '../../support/pki/index';
import { sealPng, signaturePng } from '../../support/pki/images';

// A PDF certified by a real signature (openssl cms) with DocMDP P=1, "no changes allowed": no
// signing path may add anything to it. Each refusal names the reason and leaves the input as it was.

const pki = testPki();
const p12 = (name: EndEntityName) => ({ kind: 'p12' as const, file: pki.identities[name].p12File, passphrase: TEST_P12_PASSPHRASE });

function certified(p: 1 | 2): Buffer {
  const leader = pki.identities.leader;
  const signer = opensslSigner({ name: 'certifier', cert: leader.certFile, key: leader.keyFile, certPem: leader.certPem }, pki.intermediateCertFile);
  return signIncremental(baseDocument(), { field: 7, signer, certifyP: p }).state.pdf;
}

describe('a document certified with "no changes allowed"', () => {
  const paths: Array<[string, Omit<SignPdfOptions, 'input'>]> = [
    ['the leader (visible, signature image, rectangle)', { key: p12('leader'), appearance: { authority: 'KT.', title: 'CHỦ TỊCH', signatureImage: signaturePng() }, placement: { page: 1, rect: { x: 340, y: 90, width: 200, height: 120 } } }],
    ['the agency seal (seal image)', { key: p12('seal'), appearance: { sealImage: sealPng() }, placement: { page: 1, rect: { x: 300, y: 90, width: 200, height: 120 } } }],
    ['the imageless stamp on an attachment', { key: p12('seal'), appearance: { style: 'stamp', agencyName: 'UBND Thành phố Thử Nghiệm' } }],
    ['an invisible signature', { key: p12('leader') }],
    ['the empty field the certifier prepared', { key: p12('leader'), fieldName: 'Signature2' }],
  ];

  it.each(paths)('is refused by %s with SIG_CERTIFIED_NO_CHANGES, input untouched', async (_, options) => {
    const input = certified(1);
    const before = Buffer.from(input);
    await expect(signPdfDetailed({ ...options, input, revocation: false })).rejects.toMatchObject({
      code: 'SIG_CERTIFIED_NO_CHANGES',
      message: expect.stringMatching(/no changes allowed/),
    });
    expect(input.equals(before)).toBe(true);
  });

  it('still takes signatures when the certification allows form filling and signing (P=2)', async () => {
    const result = await signPdfDetailed({ input: certified(2), key: p12('seal'), appearance: { style: 'stamp' }, revocation: false });
    expect(result.fieldName).toBe('Signature3');
  });
});
