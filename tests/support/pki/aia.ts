// Certificates that name their OCSP responder (Authority Information Access), issued by a private
// copy of the test intermediate CA so revoking one does not touch the shared PKI.

import fs from 'node:fs';
import path from 'node:path';
import { TEST_P12_PASSPHRASE, initCaDir, genKey, openssl, testPki } from './index';
import { freePort, startOcspResponder, type TestOcspResponder } from './ocsp';
import { tempDir } from './samplePdf';

export interface AiaScenario {
  /** PKCS#12 files (TEST_P12_PASSPHRASE) of a good and a revoked certificate naming the responder. */
  goodP12: string;
  revokedP12: string;
  /** A certificate naming a responder nobody listens on. */
  offlineP12: string;
  responder: TestOcspResponder;
}

export async function createAiaScenario(): Promise<AiaScenario> {
  const pki = testPki();
  const dir = tempDir('vanthu-aia-');
  const cnf = initCaDir(path.join(dir, 'ca'), pki.intermediateCertFile, pki.intermediateKeyFile);
  const port = await freePort();
  const deadPort = await freePort();
  const issue = (name: string, url: string) => {
    genKey('rsa2048', `${name}.key`, dir);
    openssl(['req', '-new', '-utf8', '-key', `${name}.key`, '-subj', `/C=VN/O=UBND Thành phố Thử Nghiệm/CN=AIA ${name}`, '-out', `${name}.csr`], dir);
    fs.writeFileSync(path.join(dir, `${name}.ext`),
      `[ext]\nbasicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\nauthorityInfoAccess=OCSP;URI:${url}\n`);
    openssl(['ca', '-batch', '-config', cnf, '-extfile', `${name}.ext`, '-extensions', 'ext', '-notext', '-days', '365', '-in', `${name}.csr`, '-out', `${name}.pem`], dir);
    openssl(['pkcs12', '-export', '-inkey', `${name}.key`, '-in', `${name}.pem`, '-certfile', pki.intermediateCertFile, '-passout', `pass:${TEST_P12_PASSPHRASE}`, '-out', `${name}.p12`], dir);
    return path.join(dir, `${name}.p12`);
  };
  const goodP12 = issue('good', `http://127.0.0.1:${port}/`);
  const revokedP12 = issue('revoked', `http://127.0.0.1:${port}/`);
  const offlineP12 = issue('offline', `http://127.0.0.1:${deadPort}/`);
  openssl(['ca', '-batch', '-config', cnf, '-revoke', 'revoked.pem', '-crl_reason', 'keyCompromise'], dir);
  const responder = await startOcspResponder({ indexFile: path.join(dir, 'ca', 'index.txt'), port });
  return { goodP12, revokedP12, offlineP12, responder };
}
