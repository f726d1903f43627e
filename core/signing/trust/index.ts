import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/api/errors';

// The profile's trust anchors: one PEM file per root (or CA) certificate in <dataDir>/trust/,
// named by the certificate's SHA-256. The administrator adds the national root ("Root CA chuyên
// dùng Chính phủ"); test profiles add their test CAs. Nothing is trusted by default.

export interface TrustAnchor {
  sha256: string;
  subject: string;
  commonName: string;
  notBefore: string;
  notAfter: string;
  selfSigned: boolean;
  file: string;
}

export function trustDir(dataDir: string): string {
  return path.join(dataDir, 'trust');
}

function toPem(der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

function splitCertificates(input: string | Uint8Array): Buffer[] {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    const out: Buffer[] = [];
    const re = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
    for (let m = re.exec(text); m; m = re.exec(text)) out.push(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
    return out;
  }
  return [typeof input === 'string' ? Buffer.from(input, 'base64') : Buffer.from(input)];
}

function describe(der: Buffer, file: string): TrustAnchor {
  const x = new crypto.X509Certificate(der);
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(x.subject)?.[1] ?? x.subject;
  return {
    sha256: crypto.createHash('sha256').update(der).digest('hex'),
    subject: x.subject.replace(/\n/g, ', '),
    commonName: cn,
    notBefore: new Date(x.validFrom).toISOString(),
    notAfter: new Date(x.validTo).toISOString(),
    selfSigned: x.checkIssued(x) && x.verify(x.publicKey),
    file,
  };
}

/**
 * Adds the CA certificate(s) in `pemOrDer` (PEM text, possibly several, or DER bytes) as trust
 * anchors. Idempotent. Refuses end-entity certificates: trusting a signer directly would skip
 * the checks a CA path gives.
 */
export function addTrustAnchor(dataDir: string, pemOrDer: string | Uint8Array): TrustAnchor[] {
  let ders: Buffer[];
  try {
    ders = splitCertificates(pemOrDer);
    for (const d of ders) new crypto.X509Certificate(d);
  } catch {
    throw new AppError('VALIDATION', 'The file is not an X.509 certificate (PEM or DER). Export the root CA certificate and try again.');
  }
  if (ders.length === 0) throw new AppError('VALIDATION', 'No certificate found in the file. Export the root CA certificate (PEM or DER) and try again.');
  const dir = trustDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  return ders.map((der) => {
    const x = new crypto.X509Certificate(der);
    if (!x.ca) {
      throw new AppError('VALIDATION', `"${x.subject.replace(/\n/g, ', ')}" is not a CA certificate. Add the root (or issuing CA) certificate instead of a signer's.`);
    }
    const sha = crypto.createHash('sha256').update(der).digest('hex');
    const file = path.join(dir, `${sha}.pem`);
    if (!fs.existsSync(file)) {
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, toPem(der));
      fs.renameSync(tmp, file);
    }
    return describe(der, file);
  });
}

export function listTrustAnchors(dataDir: string): TrustAnchor[] {
  const dir = trustDir(dataDir);
  if (!fs.existsSync(dir)) return [];
  const out: TrustAnchor[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.pem')).sort()) {
    const file = path.join(dir, name);
    for (const der of splitCertificates(fs.readFileSync(file, 'latin1'))) {
      try {
        out.push(describe(der, file));
      } catch {
        // A damaged file is skipped rather than trusted; `trust list` shows what is usable.
      }
    }
  }
  return out;
}

/** The anchors as DER, for the verifier. */
export function loadTrustAnchors(dataDir: string): Buffer[] {
  const dir = trustDir(dataDir);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.pem'))
    .flatMap((n) => splitCertificates(fs.readFileSync(path.join(dir, n), 'latin1')));
}

export function removeTrustAnchor(dataDir: string, sha256: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('VALIDATION', 'Give the SHA-256 shown by "vanthu trust list".');
  const file = path.join(trustDir(dataDir), `${sha256}.pem`);
  if (!fs.existsSync(file)) return false;
  fs.rmSync(file);
  return true;
}
