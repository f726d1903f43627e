// Signing keys on PKCS#11 tokens (USB tokens of Vietnamese CAs, SoftHSM2 in tests) via pkcs11js.
// One login per opened key: the session stays open until close(), so a batch needs one PIN entry.
// The private key is used by handle only; it never leaves the token.

import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import pkcs11js from 'pkcs11js';
import { AppError } from '../../../shared/api/errors';
import { orderChain } from './p12';
import type { KeyAlgorithm, SigningKey } from './types';
import { sha256 } from '../cms/cades';

export const DEFAULT_PKCS11_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

export interface Pkcs11Source {
  /** Path of the vendor's PKCS#11 library. */
  module?: string;
  pin: string;
  /** Token label; default: the first token that holds a signing key. */
  tokenLabel?: string;
  /** Label of the private key when the token holds several. */
  keyLabel?: string;
}

/** Map PKCS#11 return values to the app's error codes (CKR names as pkcs11js reports them). */
export function pkcs11ErrorToAppError(e: unknown, context: { tokenLabel?: string } = {}): AppError {
  if (e instanceof AppError) return e;
  const message = (e as Error)?.message ?? String(e);
  const name = /CKR_[A-Z_]+/.exec(message)?.[0] ?? '';
  switch (name) {
    case 'CKR_PIN_INCORRECT':
    case 'CKR_PIN_INVALID':
    case 'CKR_PIN_LEN_RANGE':
      return new AppError('SIG_PIN_WRONG', 'The token PIN is wrong. Type it again; the token locks after a few wrong attempts.');
    case 'CKR_PIN_LOCKED':
    case 'CKR_PIN_EXPIRED':
      return new AppError('SIG_PIN_LOCKED', 'The token PIN is locked after too many wrong attempts. Ask the CA or your administrator to unlock it.');
    case 'CKR_USER_PIN_NOT_INITIALIZED':
      // A new or reset token: only its security officer PIN exists.
      return new AppError('SIG_PIN_NOT_SET', 'The token has no user PIN yet (new or reset token). Set the PIN with the CA\'s token tool, then sign.', {
        details: { tokenLabel: context.tokenLabel },
      });
    case 'CKR_TOKEN_NOT_PRESENT':
    case 'CKR_DEVICE_REMOVED':
    case 'CKR_SESSION_HANDLE_INVALID':
    case 'CKR_SESSION_CLOSED':
    case 'CKR_CRYPTOKI_NOT_INITIALIZED':
    case 'CKR_DEVICE_ERROR':
    case 'CKR_TOKEN_NOT_RECOGNIZED':
    case 'CKR_USER_NOT_LOGGED_IN':
    case 'CKR_OBJECT_HANDLE_INVALID': // the key vanished mid-session (SoftHSM2 when its token folder is removed)
    case 'CKR_KEY_HANDLE_INVALID':
      return new AppError('SIG_TOKEN_REMOVED', 'The token was removed or stopped answering while signing. Plug it in again and sign again; the file was not changed.', {
        details: { pkcs11: name },
      });
    default:
      return new AppError('SIG_TOKEN_ERROR', `The token reported an error (${name || message}).`, { details: { pkcs11: name, tokenLabel: context.tokenLabel } });
  }
}

/** Loaded modules, shared per path: a PKCS#11 library must be initialised once per process. */
const modules = new Map<string, { lib: pkcs11js.PKCS11; users: number }>();

function acquireModule(path: string): pkcs11js.PKCS11 {
  const existing = modules.get(path);
  if (existing) {
    existing.users += 1;
    return existing.lib;
  }
  const lib = new pkcs11js.PKCS11();
  try {
    lib.load(path);
  } catch (e) {
    throw new AppError('SIG_TOKEN_MODULE', `The PKCS#11 library ${path} cannot be loaded (${(e as Error).message}). Install the token driver or give its path.`);
  }
  try {
    lib.C_Initialize();
  } catch (e) {
    if (!/CKR_CRYPTOKI_ALREADY_INITIALIZED/.test((e as Error).message)) {
      lib.close();
      throw pkcs11ErrorToAppError(e);
    }
  }
  modules.set(path, { lib, users: 1 });
  return lib;
}

function releaseModule(path: string): void {
  const entry = modules.get(path);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  modules.delete(path);
  try {
    entry.lib.C_Finalize();
  } catch {
    // already finalised (e.g. the token went away)
  }
  entry.lib.close();
}

const trimLabel = (s: string) => s.replace(/[\s\0]+$/, '');

function findObjects(lib: pkcs11js.PKCS11, session: Buffer, template: pkcs11js.Template): Buffer[] {
  lib.C_FindObjectsInit(session, template);
  try {
    const found: Buffer[] = [];
    for (;;) {
      const batch = lib.C_FindObjects(session, 32);
      if (batch.length === 0) return found;
      found.push(...batch);
    }
  } finally {
    lib.C_FindObjectsFinal(session);
  }
}

function attribute(lib: pkcs11js.PKCS11, session: Buffer, handle: Buffer, type: number): Buffer | undefined {
  const [attr] = lib.C_GetAttributeValue(session, handle, [{ type }]);
  return attr?.value as Buffer | undefined;
}

/** ECDSA tokens return r‖s; CMS wants DER SEQUENCE { r INTEGER, s INTEGER }. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length % 2 !== 0 || raw.length === 0) throw new AppError('SIG_TOKEN_ERROR', 'The token returned a malformed ECDSA signature.');
  const half = raw.length / 2;
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start++;
    const trimmed = bytes.subarray(start);
    // A leading 0x00 keeps the INTEGER positive when the high bit is set.
    const value = trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : Buffer.from(trimmed);
    return new asn1js.Integer({ valueHex: value.buffer.slice(value.byteOffset, value.byteOffset + value.length) as ArrayBuffer });
  };
  return new Uint8Array(new asn1js.Sequence({ value: [integer(raw.subarray(0, half)), integer(raw.subarray(half))] }).toBER());
}

export interface TokenDescription {
  label: string;
  manufacturer: string;
  model: string;
  serialNumber: string;
  pinLocked: boolean;
  /**
   * What the token says about its user PIN: `not-set` (new or reset token), `count-low` (a wrong PIN
   * was typed since the last good one), `final-try` (one more wrong PIN locks it), `locked`, or `ok`.
   */
  pinState: 'ok' | 'count-low' | 'final-try' | 'locked' | 'not-set';
}

function pinStateOf(flags: number): TokenDescription['pinState'] {
  if (flags & pkcs11js.CKF_USER_PIN_LOCKED) return 'locked';
  if (!(flags & pkcs11js.CKF_USER_PIN_INITIALIZED)) return 'not-set';
  if (flags & pkcs11js.CKF_USER_PIN_FINAL_TRY) return 'final-try';
  if (flags & pkcs11js.CKF_USER_PIN_COUNT_LOW) return 'count-low';
  return 'ok';
}

/** Tokens currently plugged in (no PIN needed), for choosing one in the UI. */
export function listTokens(modulePath = DEFAULT_PKCS11_MODULE): TokenDescription[] {
  const lib = acquireModule(modulePath);
  try {
    return lib
      .C_GetSlotList(true)
      .map((slot) => lib.C_GetTokenInfo(slot))
      .filter((info) => trimLabel(info.label) !== '' && (info.flags & pkcs11js.CKF_TOKEN_INITIALIZED) !== 0)
      .map((info) => ({
        label: trimLabel(info.label),
        manufacturer: trimLabel(info.manufacturerID),
        model: trimLabel(info.model),
        serialNumber: trimLabel(info.serialNumber),
        pinLocked: (info.flags & pkcs11js.CKF_USER_PIN_LOCKED) !== 0,
        pinState: pinStateOf(info.flags),
      }));
  } catch (e) {
    throw pkcs11ErrorToAppError(e);
  } finally {
    releaseModule(modulePath);
  }
}

/** Open the token, log in once, and find the signing key with its certificate. */
export function openPkcs11Key(source: Pkcs11Source): SigningKey {
  const modulePath = source.module ?? DEFAULT_PKCS11_MODULE;
  const lib = acquireModule(modulePath);
  let session: Buffer | undefined;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    if (session) {
      try {
        lib.C_Logout(session);
      } catch {
        /* the session may already be gone */
      }
      try {
        lib.C_CloseSession(session);
      } catch {
        /* idem */
      }
    }
    releaseModule(modulePath);
  };
  try {
    const slots = lib.C_GetSlotList(true);
    const slot = slots.find((s) => !source.tokenLabel || trimLabel(lib.C_GetTokenInfo(s).label) === source.tokenLabel);
    if (!slot) {
      const labels = slots.map((s) => trimLabel(lib.C_GetTokenInfo(s).label)).filter(Boolean);
      throw new AppError(
        'SIG_TOKEN_NOT_FOUND',
        source.tokenLabel
          ? `No token labelled "${source.tokenLabel}" is plugged in (found: ${labels.join(', ') || 'none'}). Plug the token in or check its label.`
          : 'No token is plugged in. Plug in your signing token.',
        { details: { tokenLabel: source.tokenLabel, found: labels } },
      );
    }
    const tokenFlags = lib.C_GetTokenInfo(slot).flags;
    if (tokenFlags & pkcs11js.CKF_USER_PIN_LOCKED) {
      throw new AppError('SIG_PIN_LOCKED', 'The token PIN is locked after too many wrong attempts. Ask the CA or your administrator to unlock it.');
    }
    session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
    lib.C_Login(session, pkcs11js.CKU_USER, source.pin);

    const keyTemplate: pkcs11js.Template = [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }, { type: pkcs11js.CKA_SIGN, value: true }];
    if (source.keyLabel) keyTemplate.push({ type: pkcs11js.CKA_LABEL, value: source.keyLabel });
    const keys = findObjects(lib, session, keyTemplate);
    const certs = findObjects(lib, session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }]).map((handle) => ({
      id: attribute(lib, session!, handle, pkcs11js.CKA_ID),
      der: attribute(lib, session!, handle, pkcs11js.CKA_VALUE)!,
    }));
    // The key whose CKA_ID matches a certificate's.
    for (const keyHandle of keys) {
      const id = attribute(lib, session, keyHandle, pkcs11js.CKA_ID);
      const cert = certs.find((c) => c.id && id && c.id.equals(id));
      if (!cert) continue;
      const keyType = attribute(lib, session, keyHandle, pkcs11js.CKA_KEY_TYPE)!.readUIntLE(0, 1);
      const algorithm: KeyAlgorithm = keyType === pkcs11js.CKK_EC ? 'ecdsa' : 'rsa';
      // Keys marked "always authenticate" (common on smart-card tokens) need the PIN again for
      // every signature; only for those is the PIN kept, in this closure, until close().
      const alwaysAuthenticate = attribute(lib, session, keyHandle, pkcs11js.CKA_ALWAYS_AUTHENTICATE)?.[0] === 1;
      const contextPin = alwaysAuthenticate ? source.pin : undefined;
      const leaf = new X509Certificate(cert.der);
      const pool = certs.filter((c) => c !== cert).map((c) => new X509Certificate(c.der));
      const chain = orderChain(leaf, pool).map((c) => new Uint8Array(c.raw));
      const activeSession = session;
      return {
        certificate: new Uint8Array(cert.der),
        chain,
        algorithm,
        async sign(data) {
          if (closed) throw new AppError('SIG_TOKEN_REMOVED', 'The token session was closed. Open the key again.');
          try {
            const begin = (mechanism: number) => {
              lib.C_SignInit(activeSession, { mechanism }, keyHandle);
              if (contextPin !== undefined) lib.C_Login(activeSession, pkcs11js.CKU_CONTEXT_SPECIFIC, contextPin);
            };
            if (algorithm === 'rsa') {
              begin(pkcs11js.CKM_SHA256_RSA_PKCS);
              return new Uint8Array(lib.C_Sign(activeSession, Buffer.from(data), Buffer.alloc(1024)));
            }
            begin(pkcs11js.CKM_ECDSA);
            return ecdsaRawToDer(lib.C_Sign(activeSession, Buffer.from(sha256(data)), Buffer.alloc(256)));
          } catch (e) {
            throw pkcs11ErrorToAppError(e, { tokenLabel: source.tokenLabel });
          }
        },
        close,
      };
    }
    throw new AppError('SIG_NO_KEY', 'The token holds no signing key with a matching certificate. Check the token with the CA’s tool.');
  } catch (e) {
    close();
    throw pkcs11ErrorToAppError(e, { tokenLabel: source.tokenLabel });
  }
}
