// Signing keys from PKCS#12 (.p12/.pfx) files. node-forge decrypts the container; the private key
// is handed to node:crypto as a KeyObject (RSA and EC) and the passphrase is never kept.

import { createPrivateKey, createPublicKey, sign as cryptoSign, X509Certificate, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import forge from 'node-forge';
import { AppError } from '../../../shared/api/errors';
import type { KeyAlgorithm, SigningKey } from './types';

export interface P12Source {
  file?: string;
  bytes?: Uint8Array;
  passphrase: string;
}

interface Bag {
  key?: forge.pki.PrivateKey | null;
  cert?: forge.pki.Certificate | null;
  asn1?: forge.asn1.Asn1;
  attributes?: Record<string, unknown[]>;
}

function asn1Der(object: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(object).getBytes(), 'binary');
}

function readP12Bytes(source: P12Source): Uint8Array {
  if (source.bytes) return source.bytes;
  if (!source.file) throw new AppError('VALIDATION', 'Give the PKCS#12 file or its bytes.');
  try {
    return fs.readFileSync(source.file);
  } catch (e) {
    throw new AppError('NOT_FOUND', `Cannot read the key file ${source.file} (${(e as NodeJS.ErrnoException).code}). Check the path.`);
  }
}

export function loadP12Key(source: P12Source): SigningKey {
  const bytes = readP12Bytes(source);
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, source.passphrase);
  } catch (e) {
    const message = (e as Error).message ?? '';
    if (/password|MAC could not be verified|decrypt/i.test(message)) {
      throw new AppError('SIG_PASSPHRASE_WRONG', 'The passphrase of the key file is wrong. Type it again.');
    }
    throw new AppError('FILE_CORRUPT', `The key file is not a readable PKCS#12 file (${message}).`);
  }

  const bags: Bag[] = [];
  for (const safe of p12.safeContents) for (const bag of safe.safeBags) bags.push(bag as Bag);
  const keyBag = bags.find((b) => b.key || (b.asn1 && !b.cert && isKeyBag(b)));
  if (!keyBag) throw new AppError('SIG_NO_KEY', 'The PKCS#12 file holds no private key. Export it again with the private key.');
  let privateKey: KeyObject;
  try {
    privateKey = keyBag.key
      ? createPrivateKey(forge.pki.privateKeyToPem(keyBag.key as forge.pki.rsa.PrivateKey))
      : createPrivateKey({ key: asn1Der(keyBag.asn1!), format: 'der', type: 'pkcs8' });
  } catch (e) {
    throw new AppError('FILE_CORRUPT', `The private key in the PKCS#12 file cannot be used (${(e as Error).message}).`);
  }

  const certs = bags
    .filter((b) => b.cert || (b.asn1 && !isKeyBag(b)))
    .map((b) => (b.cert ? asn1Der(forge.pki.certificateToAsn1(b.cert)) : asn1Der(b.asn1!)))
    .map((der) => new X509Certificate(der));
  const publicDer = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const signer = certs.find((c) => Buffer.from(c.publicKey.export({ format: 'der', type: 'spki' })).equals(publicDer));
  if (!signer) throw new AppError('SIG_NO_CERTIFICATE', 'The PKCS#12 file has no certificate for its private key.');
  const chain = orderChain(signer, certs.filter((c) => c !== signer));
  return keyObjectSigner(privateKey, new Uint8Array(signer.raw), chain.map((c) => new Uint8Array(c.raw)));
}

function isKeyBag(bag: Bag): boolean {
  // A PKCS#8 PrivateKeyInfo starts with INTEGER version; a certificate with a SEQUENCE.
  const first = (bag.asn1?.value as forge.asn1.Asn1[] | undefined)?.[0];
  return first?.type === forge.asn1.Type.INTEGER;
}

/** Issuer chain upward from the signer, using whatever certificates the file carries. */
export function orderChain(leaf: X509Certificate, pool: X509Certificate[]): X509Certificate[] {
  const chain: X509Certificate[] = [];
  let current = leaf;
  const remaining = [...pool];
  for (let guard = 0; guard < 10; guard++) {
    if (current.issuer === current.subject) break;
    const index = remaining.findIndex((c) => c.subject === current.issuer && current.checkIssued(c));
    if (index < 0) break;
    current = remaining.splice(index, 1)[0]!;
    chain.push(current);
  }
  return chain;
}

export function keyAlgorithmOf(key: KeyObject): KeyAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'rsa';
  if (key.asymmetricKeyType === 'ec') return 'ecdsa';
  throw new AppError('SIG_KEY_UNSUPPORTED', `Keys of type ${key.asymmetricKeyType} are not supported; use RSA or ECDSA P-256.`);
}

/** A SigningKey backed by an in-memory node:crypto key. */
export function keyObjectSigner(privateKey: KeyObject, certificate: Uint8Array, chain: Uint8Array[]): SigningKey {
  const algorithm = keyAlgorithmOf(privateKey);
  return {
    certificate,
    chain,
    algorithm,
    async sign(data) {
      return new Uint8Array(cryptoSign('sha256', data, algorithm === 'ecdsa' ? { key: privateKey, dsaEncoding: 'der' } : privateKey));
    },
    close() {},
  };
}
