import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { listTokens, openSigningKey, signPdf, signPdfDetailed } from '../../../core/signing/index';
import { TestTokenStore, SOFTHSM_MODULE, type TestToken } from '../../support/pki/softhsm';
import { pdfsig, qpdfCheckOk } from './signHelpers';
import { samplePdf } from '../../support/pki/samplePdf';

// One token store for the file: SoftHSM2 reads SOFTHSM2_CONF when the library is initialised.
const store = new TestTokenStore();
let rsa: TestToken;
let ec: TestToken;
beforeAll(() => {
  rsa = store.addToken('leader', 'Leader RSA');
  ec = store.addToken('leaderEc', 'Leader EC', '5678');
  store.activate();
});

const pkcs11 = (token: TestToken, pin = token.pin) => ({ kind: 'pkcs11' as const, module: SOFTHSM_MODULE, pin, tokenLabel: token.label });

describe('signing with a PKCS#11 token (SoftHSM2)', () => {
  it('signs with an RSA key on the token; the chain comes from the token and pdfsig trusts it', async () => {
    const signed = await signPdf({ input: await samplePdf(), key: pkcs11(rsa) });
    expect(pdfsig(signed)[0]).toMatchObject({ signatureValid: true, certificateTrusted: true, signer: 'Nguyễn Văn An' });
    expect(qpdfCheckOk(signed)).toBe(true);
  });

  it('signs with an ECDSA P-256 key (raw r‖s from the token converted to DER)', async () => {
    const signed = await signPdf({ input: await samplePdf(), key: pkcs11(ec) });
    expect(pdfsig(signed)[0]).toMatchObject({ signatureValid: true, certificateTrusted: true, signer: 'Phạm Thị Dung' });
  });

  it('refuses a wrong PIN with SIG_PIN_WRONG and leaves the input alone', async () => {
    const input = await samplePdf();
    const copy = Buffer.from(input);
    await expect(signPdf({ input, key: pkcs11(rsa, '0000') })).rejects.toMatchObject({ code: 'SIG_PIN_WRONG' });
    expect(Buffer.from(input).equals(copy)).toBe(true);
  });

  it('says which token labels exist when the wanted one is not plugged in', async () => {
    await expect(signPdf({ input: await samplePdf(), key: { ...pkcs11(rsa), tokenLabel: 'Missing' } })).rejects.toMatchObject({
      code: 'SIG_TOKEN_NOT_FOUND',
      details: { found: expect.arrayContaining(['Leader RSA', 'Leader EC']) },
    });
  });

  it('lists the plugged-in tokens without a PIN', () => {
    const tokens = listTokens(SOFTHSM_MODULE);
    expect(tokens.map((t) => t.label)).toEqual(expect.arrayContaining(['Leader RSA', 'Leader EC']));
    expect(tokens.every((t) => t.manufacturer === 'SoftHSM project' && !t.pinLocked)).toBe(true);
  });

  it('signs a batch of documents with one PIN login', async () => {
    const key = openSigningKey(pkcs11(rsa));
    try {
      for (let i = 0; i < 3; i++) {
        const signed = await signPdf({ input: await samplePdf({ lines: [`Document ${i}`] }), key });
        expect(pdfsig(signed)[0]).toMatchObject({ signatureValid: true, certificateTrusted: true });
      }
    } finally {
      await key.close();
    }
  });

  it('signs with a key that asks for the PIN on every use (CKA_ALWAYS_AUTHENTICATE), also in a batch', async () => {
    const strict = store.addToken('leader3072', 'Always Auth', '2468', '12345678', { alwaysAuthenticate: true });
    const key = openSigningKey(pkcs11(strict));
    try {
      for (let i = 0; i < 2; i++) {
        const signed = await signPdf({ input: await samplePdf(), key });
        expect(pdfsig(signed)[0]).toMatchObject({ signatureValid: true, certificateTrusted: true, signer: 'Trần Thị Bình' });
      }
    } finally {
      await key.close();
    }
  });

  it('reports SIG_TOKEN_REMOVED when the token disappears between login and signing', async () => {
    const removable = store.addToken('seal', 'Removable');
    const key = openSigningKey(pkcs11(removable));
    try {
      fs.rmSync(removable.tokenFolder, { recursive: true, force: true });
      const input = await samplePdf();
      await expect(signPdfDetailed({ input, key })).rejects.toMatchObject({ code: 'SIG_TOKEN_REMOVED' });
    } finally {
      await key.close();
    }
    await expect(signPdf({ input: await samplePdf(), key: pkcs11(removable) })).rejects.toMatchObject({ code: 'SIG_TOKEN_NOT_FOUND' });
  });
});
