import { beforeAll, describe, expect, it } from 'vitest';
import { listTokens, signPdf } from '../../../core/signing/index';
import { SOFTHSM_MODULE, TestTokenStore, type TestToken } from '../../support/pki/softhsm';
import { samplePdf } from '../../support/pki/samplePdf';

// What a token says about its PIN, with the states SoftHSM2 can really reach: a token whose user
// PIN was never set (C_Login → CKR_USER_PIN_NOT_INITIALIZED) and the "count low" flag a wrong PIN
// leaves behind. SoftHSM2 has no retry counter, so it never reports CKR_PIN_LOCKED or
// CKF_USER_PIN_LOCKED: the locked state is not reached here (see core/signing/README.md).

const store = new TestTokenStore();
let token: TestToken;
let blank: TestToken;
beforeAll(() => {
  token = store.addToken('leader', 'Leader PIN States', '2468');
  blank = store.addTokenWithoutUserPin('New Token No PIN');
  store.activate();
});

const pkcs11 = (label: string, pin: string) => ({ kind: 'pkcs11' as const, module: SOFTHSM_MODULE, pin, tokenLabel: label });
const stateOf = (label: string) => listTokens(SOFTHSM_MODULE).find((t) => t.label === label)?.pinState;

describe('token PIN states (SoftHSM2)', () => {
  it('a token whose user PIN was never set is listed as such and refuses with SIG_PIN_NOT_SET, input untouched', async () => {
    expect(stateOf(blank.label)).toBe('not-set');
    const input = await samplePdf();
    const copy = Buffer.from(input);
    await expect(signPdf({ input, key: pkcs11(blank.label, '1234') })).rejects.toMatchObject({
      code: 'SIG_PIN_NOT_SET',
      message: expect.stringMatching(/no user PIN yet/),
    });
    expect(Buffer.from(input).equals(copy)).toBe(true);
  });

  it('after a wrong PIN the token reports "count low" until the right PIN is typed', async () => {
    expect(stateOf(token.label)).toBe('ok');
    await expect(signPdf({ input: await samplePdf(), key: pkcs11(token.label, '0000') })).rejects.toMatchObject({ code: 'SIG_PIN_WRONG' });
    expect(stateOf(token.label)).toBe('count-low');
    expect(listTokens(SOFTHSM_MODULE).find((t) => t.label === token.label)?.pinLocked).toBe(false);
    await signPdf({ input: await samplePdf(), key: pkcs11(token.label, token.pin), revocation: false });
    expect(stateOf(token.label)).toBe('ok');
  });
});
