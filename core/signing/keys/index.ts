import { AppError } from '../../../shared/api/errors';
import { loadP12Key } from './p12';
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
