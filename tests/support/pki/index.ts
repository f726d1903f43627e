// A throw-away test PKI built with the real openssl CLI: root → intermediate → end-entity certs,
// PKCS#12 files, a CRL, an openssl index for `openssl ocsp`, and an NSS database for pdfsig.
// Generated once per day into os.tmpdir() and shared by every test file (and the verifier's tests).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Bump when the layout below changes so stale caches are not reused. */
const PKI_VERSION = 3;
export const TEST_P12_PASSPHRASE = 'mat-khau-thu-nghiem';

export type EndEntityName =
  | 'leader'
  | 'leader3072'
  | 'leader4096'
  | 'leaderEc'
  | 'seal'
  | 'expired'
  | 'revoked'
  | 'noSigningUsage'
  | 'tsa'
  | 'ocsp';

export interface TestIdentity {
  name: EndEntityName;
  keyPem: string;
  certPem: string;
  certFile: string;
  keyFile: string;
  /** PKCS#12 (AES-256, PBKDF2, SHA-256 MAC) with key, cert and the chain, TEST_P12_PASSPHRASE. */
  p12File: string;
  /** The same in the legacy format (3DES/RC2, SHA-1 MAC) many CA tokens still export. */
  p12LegacyFile: string;
}

export interface TestPki {
  dir: string;
  rootCertFile: string;
  rootCertPem: string;
  intermediateCertFile: string;
  intermediateCertPem: string;
  intermediateKeyFile: string;
  /** DER CRL issued by the intermediate listing the revoked cert. */
  crlFile: string;
  /** openssl CA index (for `openssl ocsp -index`). */
  indexFile: string;
  /** NSS database trusting the root (`pdfsig -nssdir sql:<nssDir>`). */
  nssDir: string;
  identities: Record<EndEntityName, TestIdentity>;
}

interface EndEntitySpec {
  name: EndEntityName;
  subject: string;
  key: 'rsa2048' | 'rsa3072' | 'rsa4096' | 'p256';
  extensions: string;
  dates?: { start: string; end: string };
}

const LEADER_EXT = 'keyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection';
const SPECS: EndEntitySpec[] = [
  { name: 'leader', subject: '/C=VN/ST=Hà Nội/O=UBND Thành phố Thử Nghiệm/CN=Nguyễn Văn An', key: 'rsa2048', extensions: LEADER_EXT },
  { name: 'leader3072', subject: '/C=VN/O=UBND Thành phố Thử Nghiệm/CN=Trần Thị Bình', key: 'rsa3072', extensions: LEADER_EXT },
  { name: 'leader4096', subject: '/C=VN/O=UBND Thành phố Thử Nghiệm/CN=Lê Văn Cường', key: 'rsa4096', extensions: LEADER_EXT },
  { name: 'leaderEc', subject: '/C=VN/O=UBND Thành phố Thử Nghiệm/CN=Phạm Thị Dung', key: 'p256', extensions: LEADER_EXT },
  { name: 'seal', subject: '/C=VN/O=UBND Thành phố Thử Nghiệm/CN=UBND Thành phố Thử Nghiệm', key: 'rsa2048', extensions: LEADER_EXT },
  {
    name: 'expired',
    subject: '/C=VN/O=UBND Thành phố Thử Nghiệm/CN=Hoàng Văn Hết Hạn',
    key: 'rsa2048',
    extensions: LEADER_EXT,
    dates: { start: '20200101000000Z', end: '20210101000000Z' },
  },
  { name: 'revoked', subject: '/C=VN/O=UBND Thành phố Thử Nghiệm/CN=Vũ Thị Thu Hồi', key: 'rsa2048', extensions: LEADER_EXT },
  { name: 'noSigningUsage', subject: '/C=VN/O=UBND Thành phố Thử Nghiệm/CN=Đỗ Văn Mã Hóa', key: 'rsa2048', extensions: 'keyUsage=critical,keyEncipherment' },
  { name: 'tsa', subject: '/C=VN/O=Test TSA/CN=Test Time-Stamping Authority', key: 'rsa2048', extensions: 'keyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping' },
  { name: 'ocsp', subject: '/C=VN/O=Test CA/CN=Test OCSP Responder', key: 'rsa2048', extensions: 'keyUsage=critical,digitalSignature\nextendedKeyUsage=critical,OCSPSigning' },
];

let memo: TestPki | undefined;

/** The shared test PKI, generating it on first use. */
export function testPki(): TestPki {
  if (memo) return memo;
  const day = new Date().toISOString().slice(0, 10);
  const dir = path.join(os.tmpdir(), `vanthu-test-pki-v${PKI_VERSION}-${day}`);
  if (!fs.existsSync(path.join(dir, 'complete'))) {
    // Build in a private folder and rename: parallel test workers never see a half-built PKI.
    const building = fs.mkdtempSync(path.join(os.tmpdir(), 'vanthu-test-pki-building-'));
    buildPki(building);
    fs.writeFileSync(path.join(building, 'complete'), day);
    try {
      fs.renameSync(building, dir);
    } catch {
      fs.rmSync(building, { recursive: true, force: true }); // another worker won the race
    }
  }
  memo = describePki(dir);
  return memo;
}

function describePki(dir: string): TestPki {
  const f = (name: string) => path.join(dir, name);
  const identities = Object.fromEntries(
    SPECS.map((s) => [
      s.name,
      {
        name: s.name,
        keyFile: f(`${s.name}.key`),
        certFile: f(`${s.name}.pem`),
        keyPem: fs.readFileSync(f(`${s.name}.key`), 'utf8'),
        certPem: fs.readFileSync(f(`${s.name}.pem`), 'utf8'),
        p12File: f(`${s.name}.p12`),
        p12LegacyFile: f(`${s.name}-legacy.p12`),
      },
    ]),
  ) as Record<EndEntityName, TestIdentity>;
  return {
    dir,
    rootCertFile: f('root.pem'),
    rootCertPem: fs.readFileSync(f('root.pem'), 'utf8'),
    intermediateCertFile: f('intermediate.pem'),
    intermediateCertPem: fs.readFileSync(f('intermediate.pem'), 'utf8'),
    intermediateKeyFile: f('intermediate.key'),
    crlFile: f('intermediate.crl'),
    indexFile: f('intermediate-ca/index.txt'),
    nssDir: f('nss'),
    identities,
  };
}

export function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function genKey(kind: EndEntitySpec['key'], file: string, cwd: string): void {
  if (kind === 'p256') openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file], cwd);
  else openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${kind.slice(3)}`, '-out', file], cwd);
}

/** An `openssl ca` configuration for one CA directory. */
function caConfig(caDir: string, certFile: string, keyFile: string): string {
  return `[ ca ]
default_ca = test_ca
[ test_ca ]
dir = ${caDir}
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
crlnumber = $dir/crlnumber
certificate = ${certFile}
private_key = ${keyFile}
default_md = sha256
default_days = 3650
default_crl_days = 30
policy = policy_any
unique_subject = no
copy_extensions = none
utf8 = yes
string_mask = utf8only
[ policy_any ]
countryName = optional
stateOrProvinceName = optional
organizationName = optional
commonName = supplied
[ v3_intermediate ]
basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`;
}

export function initCaDir(caDir: string, cert: string, key: string): string {
  fs.mkdirSync(path.join(caDir, 'newcerts'), { recursive: true });
  fs.writeFileSync(path.join(caDir, 'index.txt'), '');
  fs.writeFileSync(path.join(caDir, 'index.txt.attr'), 'unique_subject = no\n');
  fs.writeFileSync(path.join(caDir, 'serial'), `${Date.now().toString(16).padStart(16, '0')}\n`);
  fs.writeFileSync(path.join(caDir, 'crlnumber'), '01\n');
  const cnf = path.join(caDir, 'ca.cnf');
  fs.writeFileSync(cnf, caConfig(caDir, cert, key));
  return cnf;
}

function buildPki(dir: string): void {
  genKey('rsa2048', 'root.key', dir);
  fs.writeFileSync(
    path.join(dir, 'root.ext'),
    '[req]\ndistinguished_name=dn\n[dn]\n[v3_root]\nbasicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n',
  );
  openssl(['req', '-x509', '-new', '-utf8', '-key', 'root.key', '-sha256', '-days', '7300', '-subj', '/C=VN/O=VanThu Test/CN=VanThu Test Root CA G2',
    '-config', 'root.ext', '-extensions', 'v3_root', '-out', 'root.pem'], dir);
  const rootCnf = initCaDir(path.join(dir, 'root-ca'), path.join(dir, 'root.pem'), path.join(dir, 'root.key'));

  genKey('rsa2048', 'intermediate.key', dir);
  openssl(['req', '-new', '-utf8', '-key', 'intermediate.key', '-subj', '/C=VN/O=VanThu Test/CN=VanThu Test CA phục vụ cơ quan nhà nước', '-out', 'intermediate.csr'], dir);
  openssl(['ca', '-batch', '-config', rootCnf, '-extensions', 'v3_intermediate', '-notext', '-in', 'intermediate.csr', '-out', 'intermediate.pem'], dir);
  const interCnf = initCaDir(path.join(dir, 'intermediate-ca'), path.join(dir, 'intermediate.pem'), path.join(dir, 'intermediate.key'));
  const chain = path.join(dir, 'chain.pem');
  fs.writeFileSync(chain, fs.readFileSync(path.join(dir, 'intermediate.pem'), 'utf8') + fs.readFileSync(path.join(dir, 'root.pem'), 'utf8'));

  for (const spec of SPECS) {
    genKey(spec.key, `${spec.name}.key`, dir);
    openssl(['req', '-new', '-utf8', '-key', `${spec.name}.key`, '-subj', spec.subject, '-out', `${spec.name}.csr`], dir);
    const extFile = path.join(dir, `${spec.name}.ext`);
    fs.writeFileSync(extFile, `[ext]\nbasicConstraints=critical,CA:false\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n${spec.extensions}\n`);
    const dates = spec.dates ? ['-startdate', spec.dates.start, '-enddate', spec.dates.end] : ['-days', '3650'];
    openssl(['ca', '-batch', '-config', interCnf, '-extfile', extFile, '-extensions', 'ext', '-notext', ...dates,
      '-in', `${spec.name}.csr`, '-out', `${spec.name}.pem`], dir);
    const common = ['pkcs12', '-export', '-inkey', `${spec.name}.key`, '-in', `${spec.name}.pem`, '-certfile', chain,
      '-name', spec.name, '-passout', `pass:${TEST_P12_PASSPHRASE}`];
    openssl([...common, '-out', `${spec.name}.p12`], dir);
    openssl([...common, '-legacy', '-out', `${spec.name}-legacy.p12`], dir);
  }
  openssl(['ca', '-batch', '-config', interCnf, '-revoke', 'revoked.pem', '-crl_reason', 'keyCompromise'], dir);
  openssl(['ca', '-batch', '-config', interCnf, '-gencrl', '-out', 'intermediate-crl.pem'], dir);
  openssl(['crl', '-in', 'intermediate-crl.pem', '-outform', 'DER', '-out', 'intermediate.crl'], dir);

  const nss = path.join(dir, 'nss');
  fs.mkdirSync(nss);
  execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password'], { stdio: 'ignore' });
  execFileSync('certutil', ['-A', '-n', 'vanthu-test-root', '-t', 'CT,C,C', '-i', path.join(dir, 'root.pem'), '-d', `sql:${nss}`], { stdio: 'ignore' });
}

/** Read every certificate of a PEM bundle as DER. */
export function pemToDerList(pem: string): Buffer[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}
