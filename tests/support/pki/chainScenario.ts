// A private CA hierarchy for revocation checks of the whole chain, built with the real openssl CLI:
// root → two intermediates (one later revoked by the root) → signers. Every certificate names where
// its status is published: CRL distribution points served by a small local HTTP server, and an
// `openssl ocsp` responder for the good intermediate's signers. Plus a CRL of the good intermediate
// whose issuer name is encoded differently from the intermediate's certificate (PrintableString,
// other letter case, doubled space) but signed with the same key.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { TEST_P12_PASSPHRASE, genKey, initCaDir, openssl } from './index';
import { freePort, startOcspResponder, type TestOcspResponder } from './ocsp';
import { tempDir } from './samplePdf';

export interface ChainScenario {
  dir: string;
  rootPem: string;
  /** PKCS#12 (TEST_P12_PASSPHRASE) holding signer + intermediate + root. */
  goodSignerP12: string;
  /** Signer under the intermediate the root has revoked. */
  underRevokedCaP12: string;
  /** Signer revoked by the good intermediate, listed only on the differently encoded CRL. */
  revokedByTwinCrlP12: string;
  /** DER CRL of the good intermediate, issuer name encoded as PrintableString in other case. */
  twinCrl: Buffer;
  /** The good intermediate's certificate (DER), its Name as UTF8String. */
  goodIntermediateDer: Buffer;
  crlBaseUrl: string;
  /** How many CRL requests the server answered, by path. */
  crlRequests: Map<string, number>;
  ocsp: TestOcspResponder;
  /** Stops the CRL server (the OCSP responder too): every fetch then fails. */
  goOffline(): Promise<void>;
  stop(): Promise<void>;
}

const pemToDer = (file: string) => Buffer.from(fs.readFileSync(file, 'utf8').replace(/-----[^-]+-----|\s+/g, ''), 'base64');

export async function createChainScenario(): Promise<ChainScenario> {
  const dir = tempDir('vanthu-chain-');
  const crlPort = await freePort();
  const ocspPort = await freePort();
  const crlBase = `http://127.0.0.1:${crlPort}`;
  const run = (args: string[]) => openssl(args, dir);
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);

  genKey('rsa2048', 'root.key', dir);
  write('root.ext', '[req]\ndistinguished_name=dn\n[dn]\n[v3]\nbasicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n');
  run(['req', '-x509', '-new', '-utf8', '-key', 'root.key', '-sha256', '-days', '3650', '-subj', '/C=VN/O=VanThu Chain Test/CN=VanThu Chain Test Root', '-config', 'root.ext', '-extensions', 'v3', '-out', 'root.pem']);
  const rootCnf = initCaDir(path.join(dir, 'root-ca'), path.join(dir, 'root.pem'), path.join(dir, 'root.key'));

  const intermediate = (name: string) => {
    genKey('rsa2048', `${name}.key`, dir);
    run(['req', '-new', '-utf8', '-key', `${name}.key`, '-subj', `/C=VN/O=VanThu Chain Test/CN=VanThu Chain ${name}`, '-out', `${name}.csr`]);
    write(`${name}.ext`, `[ext]\nbasicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\ncrlDistributionPoints=URI:${crlBase}/root.crl\n`);
    run(['ca', '-batch', '-config', rootCnf, '-extfile', `${name}.ext`, '-extensions', 'ext', '-notext', '-in', `${name}.csr`, '-out', `${name}.pem`]);
    return initCaDir(path.join(dir, `${name}-ca`), path.join(dir, `${name}.pem`), path.join(dir, `${name}.key`));
  };
  const goodCnf = intermediate('Intermediate');
  const revokedCnf = intermediate('Withdrawn');

  const signer = (name: string, caName: string, caCnf: string, withOcsp: boolean) => {
    genKey('rsa2048', `${name}.key`, dir);
    run(['req', '-new', '-utf8', '-key', `${name}.key`, '-subj', `/C=VN/O=UBND Thử Nghiệm/CN=${name}`, '-out', `${name}.csr`]);
    const aia = withOcsp ? `authorityInfoAccess=OCSP;URI:http://127.0.0.1:${ocspPort}/\n` : '';
    write(`${name}.ext`, `[ext]\nbasicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\n${aia}crlDistributionPoints=URI:${crlBase}/${caName}.crl\n`);
    run(['ca', '-batch', '-config', caCnf, '-extfile', `${name}.ext`, '-extensions', 'ext', '-notext', '-days', '365', '-in', `${name}.csr`, '-out', `${name}.pem`]);
    write(`${name}-chain.pem`, fs.readFileSync(path.join(dir, `${caName}.pem`), 'utf8') + fs.readFileSync(path.join(dir, 'root.pem'), 'utf8'));
    run(['pkcs12', '-export', '-inkey', `${name}.key`, '-in', `${name}.pem`, '-certfile', `${name}-chain.pem`, '-passout', `pass:${TEST_P12_PASSPHRASE}`, '-out', `${name}.p12`]);
    return path.join(dir, `${name}.p12`);
  };
  const goodSignerP12 = signer('Signer Good', 'Intermediate', goodCnf, true);
  const underRevokedCaP12 = signer('Signer Under Withdrawn', 'Withdrawn', revokedCnf, false);
  const revokedByTwinCrlP12 = signer('Signer Withdrawn By Twin', 'Intermediate', goodCnf, false);

  const crl = (cnf: string, out: string, extra: string[] = []) => {
    run(['ca', '-batch', '-config', cnf, '-gencrl', ...extra, '-out', `${out}.crl.pem`]);
    run(['crl', '-in', `${out}.crl.pem`, '-outform', 'DER', '-out', `${out}.crl`]);
  };
  run(['ca', '-batch', '-config', rootCnf, '-revoke', 'Withdrawn.pem', '-crl_reason', 'cACompromise']);
  crl(rootCnf, 'root');
  crl(goodCnf, 'Intermediate');
  crl(revokedCnf, 'Withdrawn');

  // The twin: same key and the same name to RFC 5280, but PrintableString, other case, a doubled space.
  write('twin.cnf', '[req]\ndistinguished_name=dn\nstring_mask=pkix\nprompt=no\n[dn]\nC=VN\nO=VANTHU  CHAIN TEST\nCN=vanthu chain intermediate\n');
  run(['req', '-x509', '-new', '-key', 'Intermediate.key', '-config', 'twin.cnf', '-days', '30', '-out', 'twin.pem']);
  run(['ca', '-batch', '-config', goodCnf, '-revoke', 'Signer Withdrawn By Twin.pem', '-crl_reason', 'keyCompromise']);
  crl(goodCnf, 'twin', ['-cert', 'twin.pem', '-keyfile', 'Intermediate.key']);

  const crlRequests = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const name = (req.url ?? '/').slice(1);
    crlRequests.set(name, (crlRequests.get(name) ?? 0) + 1);
    // Only the CRLs published at the distribution points; the twin is handed to tests directly.
    const file = ['root.crl', 'Intermediate.crl', 'Withdrawn.crl'].includes(name) ? path.join(dir, name) : undefined;
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/pkix-crl' }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(crlPort, '127.0.0.1', resolve));
  const ocsp = await startOcspResponder({
    indexFile: path.join(dir, 'Intermediate-ca', 'index.txt'),
    port: ocspPort,
    ca: { certFile: path.join(dir, 'Intermediate.pem'), keyFile: path.join(dir, 'Intermediate.key') },
  });
  let online = true;
  const goOffline = async () => {
    if (!online) return;
    online = false;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await ocsp.stop();
  };
  return {
    dir,
    rootPem: fs.readFileSync(path.join(dir, 'root.pem'), 'utf8'),
    goodSignerP12,
    underRevokedCaP12,
    revokedByTwinCrlP12,
    twinCrl: fs.readFileSync(path.join(dir, 'twin.crl')),
    goodIntermediateDer: pemToDer(path.join(dir, 'Intermediate.pem')),
    crlBaseUrl: crlBase,
    crlRequests,
    ocsp,
    goOffline,
    stop: goOffline,
  };
}
