import { X509Certificate } from 'node:crypto';
import { AppError } from '../../../shared/api/errors';
import { loadP12Key, orderChain } from './p12';
import { openPkcs11Key, DEFAULT_PKCS11_MODULE } from './pkcs11';
import type { SigningKey } from './types';

export type KeySpec =
  | { kind: 'p12'; file?: string; bytes?: Uint8Array; passphrase: string }
  | { kind: 'pkcs11'; module?: string; pin: string; tokenLabel?: string; keyLabel?: string };

/** Open a key for signing; call `close()` on it when done (it ends the token session). */
export function openSigningKey(spec: KeySpec): SigningKey {
  if (spec.kind === 'p12') return loadP12Key(spec);
  if (spec.kind === 'pkcs11') return openPkcs11Key(spec);
  throw new AppError('VALIDATION', 'Choose a PKCS#12 file or a PKCS#11 token as the key.');
}

export { DEFAULT_PKCS11_MODULE, type SigningKey };
export { ecdsaRawToDer, listTokens, pkcs11ErrorToAppError, type TokenDescription } from './pkcs11';

/**
 * The same key with its issuer chain completed from `extra` certificates (PEM or DER), for key
 * files and tokens that hold only the signer's certificate.
 */
export function withExtraCertificates(key: SigningKey, extra: Uint8Array[]): SigningKey {
  if (extra.length === 0) return key;
  let pool: X509Certificate[];
  try {
    pool = [...key.chain, ...extra].map((c) => new X509Certificate(c));
  } catch (e) {
    throw new AppError('VALIDATION', `An extra CA certificate cannot be read (${(e as Error).message}). Give PEM or DER certificates.`);
  }
  const chain = orderChain(new X509Certificate(key.certificate), pool).map((c) => new Uint8Array(c.raw));
  return { ...key, chain, sign: (data) => key.sign(data), close: () => key.close() };
}
