import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPdf } from '../../../core/signing/verify/index';
import { addTrustAnchor, listTrustAnchors, loadTrustAnchors, removeTrustAnchor, trustDir } from '../../../core/signing/trust/index';

// The profile trust store: PEM files under <dataDir>/trust, nothing trusted by default.

let work: string;
let rootPem: string;
let leafPem: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-trust-'));
  const o = (args: string[]) => execFileSync('openssl', args, { cwd: work, stdio: 'pipe' });
  o(['req', '-x509', '-utf8', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root.key', '-out', 'root.pem', '-days', '30', '-subj', '/C=VN/O=Ban Co yeu/CN=Root CA chuyên dùng Chính phủ G2',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  o(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.pem', '-days', '30', '-subj', '/CN=Nguoi ky', '-addext', 'basicConstraints=CA:FALSE']);
  rootPem = fs.readFileSync(path.join(work, 'root.pem'), 'utf8');
  leafPem = fs.readFileSync(path.join(work, 'leaf.pem'), 'utf8');
});

describe('trust store', () => {
  it('is empty in a new profile', () => {
    const dataDir = path.join(work, 'p1');
    expect(listTrustAnchors(dataDir)).toEqual([]);
    expect(loadTrustAnchors(dataDir)).toEqual([]);
  });

  it('adds a root from PEM or DER once, lists it with its Vietnamese name, and removes it', () => {
    const dataDir = path.join(work, 'p2');
    const [added] = addTrustAnchor(dataDir, rootPem);
    expect(added!.commonName).toBe('Root CA chuyên dùng Chính phủ G2');
    expect(added!.selfSigned).toBe(true);
    const der = execFileSync('openssl', ['x509', '-in', path.join(work, 'root.pem'), '-outform', 'DER']);
    addTrustAnchor(dataDir, der);
    expect(listTrustAnchors(dataDir)).toHaveLength(1);
    expect(fs.readdirSync(trustDir(dataDir))).toEqual([`${added!.sha256}.pem`]);
    expect(loadTrustAnchors(dataDir)[0]!.equals(der)).toBe(true);
    expect(removeTrustAnchor(dataDir, added!.sha256)).toBe(true);
    expect(listTrustAnchors(dataDir)).toEqual([]);
  });

  it('the verifier refuses a trust anchor that is not a certificate instead of trusting nothing silently', async () => {
    const { baseDocument } = await import('../../attacks/sign');
    await expect(verifyPdf(baseDocument().pdf, { trustAnchors: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'] })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('refuses an end-entity certificate and garbage, with a message saying what to add instead', () => {
    const dataDir = path.join(work, 'p3');
    expect(() => addTrustAnchor(dataDir, leafPem)).toThrow(/not a CA certificate/);
    expect(() => addTrustAnchor(dataDir, 'hello')).toThrow(/not an X\.509 certificate/);
    expect(listTrustAnchors(dataDir)).toEqual([]);
  });
});
