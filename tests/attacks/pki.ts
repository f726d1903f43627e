import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// A throw-away test PKI made with the real openssl CLI (`openssl ca`, `ocsp`, `-gencrl`):
// root → intermediate → signers (good, revoked, wrong key usage, EC, expired), an OCSP responder
// and a TSA certificate, plus an unrelated root. Built fresh into a temp dir for each test run.

export interface Identity {
  name: string;
  cert: string; // path to PEM
  key: string; // path to PEM
  certPem: string;
}

export interface TestPki {
  dir: string;
  root: Identity;
  inter: Identity;
  signer: Identity;
  revoked: Identity;
  wrongUsage: Identity;
  ecSigner: Identity;
  expired: Identity;
  ocspResponder: Identity;
  tsa: Identity;
  otherRoot: Identity;
  otherSigner: Identity;
  /** Chain file (intermediate) to embed next to a signer's certificate. */
  chainPem: string;
  /** CRL of the intermediate (DER path) listing `revoked`. */
  interCrlDer: string;
  /** CRL of the root (DER path), empty. */
  rootCrlDer: string;
  ocspPort: number;
  crlPort: number;
  /** Serves the root CRL at http://127.0.0.1:crlPort/root.crl (the intermediate's CRL address). */
  startCrlServer(): Promise<() => void>;
  /** OCSP response (DER) about `cert` from the intermediate's responder. */
  ocspResponse(cert: Identity): Buffer;
  /** An RFC 3161 time-stamp token (DER ContentInfo) over `data`, from `openssl ts -reply`. */
  timestampToken(data: Buffer): Buffer;
  /** Starts `openssl ocsp` answering on 127.0.0.1:ocspPort; returns a stop function. */
  startOcspServer(): Promise<() => void>;
}

function run(args: string[], opts: { cwd?: string; input?: Buffer } = {}): Buffer {
  return execFileSync('openssl', args, { cwd: opts.cwd, input: opts.input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** UTCTime form (YYMMDDHHMMSSZ): RFC 5280 wants UTCTime before 2050, and NSS (pdfsig) rejects
 * the GeneralizedTime that `openssl ca -startdate` writes for a four-digit year. */
function stamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
}

function caConfig(dir: string): string {
  fs.mkdirSync(path.join(dir, 'newcerts'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), `${(Math.floor(Math.random() * 1e6) + 4096).toString(16).padStart(6, '0')}\n`);
  fs.writeFileSync(path.join(dir, 'crlnumber'), '01\n');
  const cfg = path.join(dir, 'ca.cnf');
  fs.writeFileSync(
    cfg,
    `[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\ndir = ${dir}\ndatabase = $dir/index.txt\nnew_certs_dir = $dir/newcerts\n` +
      `serial = $dir/serial\ncrlnumber = $dir/crlnumber\ndefault_md = sha256\npolicy = policy_any\nunique_subject = no\n` +
      `default_crl_days = 30\nemail_in_dn = no\n[ policy_any ]\ncommonName = supplied\norganizationName = optional\ncountryName = optional\n`,
  );
  return cfg;
}

export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function createTestPki(): Promise<TestPki> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-verify-pki-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const ocspPort = await freePort();
  const crlPort = await freePort();
  const now = Date.now();
  const day = 86_400_000;
  const start = stamp(new Date(now - 30 * day));
  const end = stamp(new Date(now + 365 * day));

  const key = (name: string, kind: 'rsa' | 'ec' = 'rsa'): string => {
    const p = path.join(dir, `${name}.key`);
    if (kind === 'rsa') run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', p]);
    else run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', p]);
    return p;
  };
  const issue = (
    name: string,
    cn: string,
    ext: string,
    ca: { dir: string; cfg: string; id?: Identity },
    o: { kind?: 'rsa' | 'ec'; start?: string; end?: string } = {},
  ): Identity => {
    const k = key(name, o.kind);
    const csr = path.join(dir, `${name}.csr`);
    run(['req', '-new', '-key', k, '-subj', `/CN=${cn}/O=VanThu Test`, '-out', csr]);
    const extFile = path.join(dir, `${name}.ext`);
    fs.writeFileSync(extFile, `[ext]\n${ext}\n`);
    const cert = path.join(dir, `${name}.pem`);
    const args = ['ca', '-config', ca.cfg, '-batch', '-notext', '-in', csr, '-out', cert, '-extfile', extFile, '-extensions', 'ext'];
    args.push('-startdate', o.start ?? start, '-enddate', o.end ?? end);
    if (ca.id) args.push('-cert', ca.id.cert, '-keyfile', ca.id.key);
    else args.push('-selfsign', '-keyfile', k);
    run(args);
    return { name: cn, cert, key: k, certPem: fs.readFileSync(cert, 'utf8') };
  };

  const caExt = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid';
  const rootDir = path.join(dir, 'rootca');
  const rootCa = { dir: rootDir, cfg: caConfig(rootDir) };
  const root = issue('root', 'VanThu Test Root CA', caExt.replace('\nauthorityKeyIdentifier=keyid', ''), rootCa, {
    start: stamp(new Date(now - 400 * day)),
    end: stamp(new Date(now + 3650 * day)),
  });
  const rootIssuer = { ...rootCa, id: root };
  const interDir = path.join(dir, 'interca');
  const interExt = `${caExt}\nbasicConstraints=critical,CA:TRUE,pathlen:0\ncrlDistributionPoints=URI:http://127.0.0.1:${crlPort}/root.crl`.replace(
    /basicConstraints=critical,CA:TRUE\n/,
    '',
  );
  const inter = issue('inter', 'VanThu Test Issuing CA', interExt, rootIssuer, {
    start: stamp(new Date(now - 300 * day)),
    end: stamp(new Date(now + 1800 * day)),
  });
  const interCa = { dir: interDir, cfg: caConfig(interDir), id: inter };
  const aia = `authorityInfoAccess=OCSP;URI:http://127.0.0.1:${ocspPort}/`;
  const leafExt = (ku: string): string =>
    `basicConstraints=CA:FALSE\nkeyUsage=critical,${ku}\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n${aia}`;
  const signer = issue('signer', 'Nguyen Van A', leafExt('digitalSignature,nonRepudiation'), interCa);
  const revoked = issue('revoked', 'Tran Thi Bi Thu Hoi', leafExt('digitalSignature,nonRepudiation'), interCa);
  const wrongUsage = issue('wrongusage', 'Le Van Sai Muc Dich', leafExt('keyEncipherment'), interCa);
  const ecSigner = issue('ecsigner', 'Pham Thi EC', leafExt('digitalSignature,nonRepudiation'), interCa, { kind: 'ec' });
  const expired = issue('expired', 'Hoang Van Het Han', leafExt('digitalSignature,nonRepudiation'), interCa, {
    start: stamp(new Date(now - 200 * day)),
    end: stamp(new Date(now - 100 * day)),
  });
  const ocspResponder = issue(
    'ocsp',
    'VanThu Test OCSP',
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=OCSPSigning\nnoCheck=ignored',
    interCa,
  );
  const tsa = issue('tsa', 'VanThu Test TSA', 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping', interCa);
  run(['ca', '-config', interCa.cfg, '-revoke', revoked.cert, '-keyfile', inter.key, '-cert', inter.cert, '-crl_reason', 'keyCompromise']);
  const interCrlPem = path.join(dir, 'inter.crl.pem');
  run(['ca', '-config', interCa.cfg, '-gencrl', '-keyfile', inter.key, '-cert', inter.cert, '-out', interCrlPem]);
  const interCrlDer = path.join(dir, 'inter.crl');
  run(['crl', '-in', interCrlPem, '-outform', 'DER', '-out', interCrlDer]);
  const rootCrlPem = path.join(dir, 'root.crl.pem');
  run(['ca', '-config', rootIssuer.cfg, '-gencrl', '-keyfile', root.key, '-cert', root.cert, '-out', rootCrlPem]);
  const rootCrlDer = path.join(dir, 'root.crl');
  run(['crl', '-in', rootCrlPem, '-outform', 'DER', '-out', rootCrlDer]);

  const otherDir = path.join(dir, 'otherca');
  const otherCa = { dir: otherDir, cfg: caConfig(otherDir) };
  const otherRoot = issue('otherroot', 'Untrusted Root CA', caExt.replace('\nauthorityKeyIdentifier=keyid', ''), otherCa);
  const otherSigner = issue('othersigner', 'Ke Gia Mao', leafExt('digitalSignature,nonRepudiation'), { ...otherCa, id: otherRoot });

  const chainPem = inter.cert;
  const ocspResponse = (cert: Identity): Buffer => {
    const req = path.join(dir, `ocspreq-${path.basename(cert.cert)}.der`);
    run(['ocsp', '-issuer', inter.cert, '-cert', cert.cert, '-no_nonce', '-reqout', req]);
    const resp = path.join(dir, `ocspresp-${path.basename(cert.cert)}.der`);
    run(['ocsp', '-index', path.join(interDir, 'index.txt'), '-CA', inter.cert, '-rsigner', ocspResponder.cert, '-rkey', ocspResponder.key, '-reqin', req, '-respout', resp, '-ndays', '30']);
    return fs.readFileSync(resp);
  };
  const startOcspServer = async (): Promise<() => void> => {
    const { spawn } = await import('node:child_process');
    const child = spawn(
      'openssl',
      ['ocsp', '-port', String(ocspPort), '-index', path.join(interDir, 'index.txt'), '-CA', inter.cert, '-rsigner', ocspResponder.cert, '-rkey', ocspResponder.key, '-ndays', '30'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Wait for its "ACCEPT" line; probing the port would tie up this one-connection-at-a-time server.
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      const onData = (d: Buffer): void => {
        seen += d.toString();
        if (seen.includes('ACCEPT')) resolve();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`openssl ocsp exited (${code}): ${seen}`)));
      setTimeout(() => reject(new Error(`openssl ocsp did not start: ${seen}`)), 10_000).unref();
    });
    return () => child.kill();
  };
  const tsaCfg = path.join(dir, 'tsa.cnf');
  fs.writeFileSync(path.join(dir, 'tsaserial'), '01\n');
  fs.writeFileSync(
    tsaCfg,
    `[ tsa ]\ndefault_tsa = tsa1\n[ tsa1 ]\ndir = ${dir}\nserial = $dir/tsaserial\ncrypto_device = builtin\n` +
      `signer_cert = ${tsa.cert}\ncerts = ${inter.cert}\nsigner_key = ${tsa.key}\nsigner_digest = sha256\n` +
      `default_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\ness_cert_id_alg = sha256\n`,
  );
  let tsCount = 0;
  const timestampToken = (data: Buffer): Buffer => {
    const n = tsCount++;
    const dataFile = path.join(dir, `ts-${n}.bin`);
    const query = path.join(dir, `ts-${n}.tsq`);
    const token = path.join(dir, `ts-${n}.tst`);
    fs.writeFileSync(dataFile, data);
    run(['ts', '-query', '-data', dataFile, '-sha256', '-cert', '-no_nonce', '-out', query]);
    run(['ts', '-reply', '-config', tsaCfg, '-queryfile', query, '-token_out', '-out', token]);
    return fs.readFileSync(token);
  };
  const startCrlServer = async (): Promise<() => void> => {
    const http = await import('node:http');
    const crl = fs.readFileSync(rootCrlDer);
    const srv = http.createServer((req, res) => {
      if (req.url === '/root.crl') {
        res.writeHead(200, { 'content-type': 'application/pkix-crl' });
        res.end(crl);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => srv.listen(crlPort, '127.0.0.1', resolve));
    return () => srv.close();
  };
  return {
    crlPort, startCrlServer, timestampToken,
    dir, root, inter, signer, revoked, wrongUsage, ecSigner, expired, ocspResponder, tsa, otherRoot, otherSigner,
    chainPem, interCrlDer, rootCrlDer, ocspPort, ocspResponse, startOcspServer,
  };
}
