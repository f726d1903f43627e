import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { testPki, type EndEntityName } from '../support/pki/index';
import type { Identity, TestPki } from './pki';

// The attack corpus signed with the shared signing-test PKI (tests/support/pki), whose
// certificates poppler's pdfsig/NSS accepts as trusted; used by the pdfsig agreement test.
// Untrusted-signer fixtures keep using `fallback` (an unrelated root).

export function corpusPkiFromSupport(fallback: TestPki): TestPki {
  const pki = testPki();
  const id = (name: EndEntityName): Identity => ({
    name,
    cert: pki.identities[name].certFile,
    key: pki.identities[name].keyFile,
    certPem: pki.identities[name].certPem,
  });
  const work = fs.mkdtempSync(path.join(fallback.dir, 'support-'));
  const ocspResponse = (cert: Identity): Buffer => {
    const req = path.join(work, `${cert.name}.req`);
    const resp = path.join(work, `${cert.name}.resp`);
    execFileSync('openssl', ['ocsp', '-issuer', pki.intermediateCertFile, '-cert', cert.cert, '-no_nonce', '-reqout', req], { stdio: 'pipe' });
    execFileSync('openssl', ['ocsp', '-index', pki.indexFile, '-CA', pki.intermediateCertFile, '-rsigner', pki.identities.ocsp.certFile, '-rkey', pki.identities.ocsp.keyFile, '-reqin', req, '-respout', resp, '-ndays', '30'], { stdio: 'pipe' });
    return fs.readFileSync(resp);
  };
  return {
    ...fallback,
    root: { name: 'root', cert: pki.rootCertFile, key: '', certPem: pki.rootCertPem },
    inter: { name: 'intermediate', cert: pki.intermediateCertFile, key: pki.intermediateKeyFile, certPem: pki.intermediateCertPem },
    signer: id('leader'),
    revoked: id('revoked'),
    wrongUsage: id('noSigningUsage'),
    ecSigner: id('leaderEc'),
    expired: id('expired'),
    chainPem: pki.intermediateCertFile,
    rootCrlDer: pki.crlFile,
    interCrlDer: pki.crlFile,
    ocspResponse,
  };
}
