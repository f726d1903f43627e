// `vanthu sign`: PAdES-sign a PDF with a PKCS#12 file or a PKCS#11 token.
// (The verification commands are added to this file by their owner as their own consts.)

import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/api/errors';
import { AUTHORITY_PREFIXES, DEFAULT_PKCS11_MODULE, signPdfDetailed, writePartsToFd, type AuthorityPrefix, type KeySpec, type Placement, type SignatureAppearance } from '../../core/signing/index';
import { defineCommand } from '../command';
import { verifyPdf, type VerifyReport } from '../../core/signing/verify/index';
import { addTrustAnchor, listTrustAnchors, type TrustAnchor } from '../../core/signing/trust/index';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function secret(varName: string | undefined, flag: string, what: string): string {
  if (!varName) throw new AppError('VALIDATION', `Give the ${what} through an environment variable: ${flag} VAR.`);
  const value = process.env[varName];
  if (!value) throw new AppError('VALIDATION', `The environment variable ${varName} (the ${what}) is empty or not set.`);
  return value;
}

function readInput(file: string, what: string): Uint8Array {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new AppError('NOT_FOUND', `Cannot read the ${what} ${file} (${(e as NodeJS.ErrnoException).code}). Check the path.`);
  }
}

/** Write via a temporary file in the same folder, fsync, then rename: never a half-written PDF. */
export function writeFileAtomic(target: string, bytes: Uint8Array | readonly Uint8Array[]): void {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  const fd = fs.openSync(temp, 'wx', 0o644);
  try {
    // Parts (the input, then the appended revisions) are written as they are: no joined copy.
    writePartsToFd(fd, bytes instanceof Uint8Array ? [bytes] : bytes);
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  try {
    fs.renameSync(temp, target);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
  try {
    const dirFd = fs.openSync(dir, 'r');
    fs.fsyncSync(dirFd);
    fs.closeSync(dirFd);
  } catch {
    // Some filesystems cannot fsync a directory; the rename itself is still atomic.
  }
}

function parseRect(text: string): { x: number; y: number; width: number; height: number } {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n)) || parts[2]! <= 0 || parts[3]! <= 0) {
    throw new AppError('VALIDATION', `--rect must be x,y,width,height in points with a positive size, got "${text}".`);
  }
  const [x, y, width, height] = parts as [number, number, number, number];
  return { x, y, width, height };
}

function keySpec(values: Record<string, unknown>): KeySpec {
  const p12 = str(values.p12);
  const module = str(values['pkcs11-module']);
  if (p12 && (module || str(values['pin-env']))) throw new AppError('VALIDATION', 'Choose one key: --p12 FILE or --pkcs11-module LIB, not both.');
  if (p12) return { kind: 'p12', file: p12, passphrase: secret(str(values['passphrase-env']), '--passphrase-env', 'key file passphrase') };
  if (module || str(values['pin-env'])) {
    return {
      kind: 'pkcs11',
      module: module ?? DEFAULT_PKCS11_MODULE,
      pin: secret(str(values['pin-env']), '--pin-env', 'token PIN'),
      tokenLabel: str(values['token-label']),
    };
  }
  throw new AppError('VALIDATION', 'Give a key: --p12 FILE --passphrase-env VAR, or --pkcs11-module LIB --pin-env VAR.');
}

export interface SignCommandResult {
  in: string;
  out: string;
  fieldName: string;
  level: string;
  documentTimestamp: boolean;
  signer: string;
  signingTime: string;
  size: number;
}

export const signCommand = defineCommand<SignCommandResult>({
  name: 'sign',
  summary: 'Sign a PDF (PAdES) with a PKCS#12 file or a PKCS#11 token; optional visible signature, seal, stamp, timestamp.',
  usage:
    'sign --in IN.pdf --out OUT.pdf (--p12 FILE --passphrase-env VAR | --pkcs11-module LIB --pin-env VAR [--token-label L]) ' +
    '[--image PNG] [--seal PNG] [--authority KT.|TM.|TL.|TUQ.|Q.] [--title LINE]... [--page N --rect x,y,w,h | --anchor TEXT] [--stamp] ' +
    '[--tsa URL [--archive-timestamp]] [--ocsp URL] [--crl FILE]... [--offline] [--chain CA.pem]... [--field NAME] [--reason TEXT] [--json]',
  options: {
    in: { type: 'string' },
    out: { type: 'string' },
    p12: { type: 'string' },
    'passphrase-env': { type: 'string' },
    'pkcs11-module': { type: 'string' },
    'pin-env': { type: 'string' },
    'token-label': { type: 'string' },
    image: { type: 'string' },
    seal: { type: 'string' },
    authority: { type: 'string' },
    title: { type: 'string', multiple: true },
    page: { type: 'string' },
    rect: { type: 'string' },
    anchor: { type: 'string' },
    stamp: { type: 'boolean', default: false },
    tsa: { type: 'string' },
    ocsp: { type: 'string' },
    crl: { type: 'string', multiple: true },
    reason: { type: 'string' },
    offline: { type: 'boolean', default: false },
    'archive-timestamp': { type: 'boolean', default: false },
    chain: { type: 'string', multiple: true },
    field: { type: 'string' },
  },
  async run(ctx, { values }) {
    const inPath = str(values.in);
    const outPath = str(values.out);
    if (!inPath || !outPath) throw new AppError('VALIDATION', 'Give both --in IN.pdf and --out OUT.pdf.');
    const input = path.resolve(inPath);
    const output = path.resolve(outPath);
    const sameFile = input === output || (fs.existsSync(output) && fs.realpathSync(output) === fs.realpathSync(input));
    if (sameFile) throw new AppError('VALIDATION', '--out must differ from --in: the original is never overwritten.');

    const authority = str(values.authority);
    if (authority && !AUTHORITY_PREFIXES.includes(authority as AuthorityPrefix)) {
      throw new AppError('VALIDATION', `--authority must be one of ${AUTHORITY_PREFIXES.join(', ')}.`);
    }
    const image = str(values.image);
    const seal = str(values.seal);
    const anchor = str(values.anchor);
    const page = str(values.page);
    const rect = str(values.rect);
    if (anchor && rect) throw new AppError('VALIDATION', 'Place the signature either with --page/--rect or with --anchor, not both.');
    if (rect && !page) throw new AppError('VALIDATION', '--rect needs --page N.');
    let placement: Placement | undefined;
    if (anchor) placement = { anchor, page: page ? Number(page) : undefined };
    else if (rect) placement = { page: Number(page), rect: parseRect(rect) };
    const stamp = values.stamp === true;
    const field = str(values.field);
    if ((image || seal) && !placement && !stamp && !field) throw new AppError('VALIDATION', 'A visible signature needs a place: --page N --rect x,y,w,h or --anchor TEXT.');
    let appearance: SignatureAppearance | undefined;
    if (stamp) appearance = { style: 'stamp' };
    else if (image || seal || placement || field) {
      appearance = {
        signatureImage: image ? readInput(image, 'signature image') : undefined,
        sealImage: seal ? readInput(seal, 'seal image') : undefined,
        authority: authority as AuthorityPrefix | undefined,
        title: ((values.title as string[] | undefined) ?? []).join('\n') || undefined,
      };
    }
    const crls = ((values.crl as string[] | undefined) ?? []).map((f) => readInput(f, 'CRL file'));
    const ocspUrl = str(values.ocsp);

    const pdf = readInput(input, 'PDF');
    const key = keySpec(values);
    ctx.progress(`Signing ${inPath}…`);
    const result = await signPdfDetailed({
      input: pdf,
      key,
      appearance,
      placement,
      tsaUrl: str(values.tsa),
      archiveTimestamp: values['archive-timestamp'] === true,
      // --offline: no revocation request at all (the OCSP address in the certificate is not asked).
      revocation: values.offline === true ? false : ocspUrl || crls.length ? { ocspUrl, crls } : undefined,
      reason: str(values.reason),
      fieldName: field,
      extraCertificates: ((values.chain as string[] | undefined) ?? []).map((f) => readInput(f, 'CA certificate')),
    });
    writeFileAtomic(output, result.parts);
    return {
      in: input,
      out: output,
      fieldName: result.fieldName,
      level: result.level,
      documentTimestamp: result.documentTimestamp,
      signer: result.signer,
      signingTime: result.signingTime,
      size: result.bytes.length,
    };
  },
  print: (r) => `Signed by ${r.signer} (PAdES ${r.level}, field ${r.fieldName}) → ${r.out}`,
});

// ---- verification and trust store (owner: verifier) ----

function reasonText(r: { code: string; vi: string; en: string; detail?: string }): string {
  const vi = (process.env.LANG ?? '').toLowerCase().startsWith('vi');
  return `${r.code}: ${vi ? r.vi : r.en}${r.detail ? ` (${r.detail})` : ''}`;
}

function printReport(r: VerifyReport): string {
  const lines = [`${r.file}: ${r.verdict}`];
  for (const reason of r.reasons) lines.push(`  · ${reasonText(reason)}`);
  r.signatures.forEach((s, i) => {
    const when = s.time ? `${s.time} (${s.timeSource === 'timestamp' ? 'time-stamp' : 'claimed'})` : 'no time';
    const kind = s.kind === 'certification' ? ` certification P=${s.certificationLevel}` : s.kind === 'document-timestamp' ? ' document time-stamp' : '';
    lines.push(`  #${i + 1} ${s.field}${kind} — ${s.signer ?? 'unknown signer'} — ${when} — ${s.status}`);
    for (const reason of s.reasons) lines.push(`     · ${reasonText(reason)}`);
  });
  return lines.join('\n');
}

/** `vanthu verify FILE... [--trust PEM...] [--online] [--json]`: exit 0 only when every file is valid. */
export const verifyCommand = defineCommand<VerifyReport | VerifyReport[]>({
  name: 'verify',
  summary: 'Verify the digital signatures of PDF files (valid / valid-with-later-changes / invalid / indeterminate)',
  usage: 'verify FILE... [--trust ROOT.pem ...] [--online] [--json] [--data-dir DIR]',
  options: {
    trust: { type: 'string', multiple: true },
    online: { type: 'boolean', default: false },
  },
  allowPositionals: true,
  async run(ctx, args) {
    if (args.positionals.length === 0) throw new AppError('VALIDATION', 'Give at least one PDF file: vanthu verify FILE...');
    const trustAnchors = ((args.values.trust as string[] | undefined) ?? []).map((f) => readInput(f, 'trust anchor file'));
    const reports: VerifyReport[] = [];
    for (const file of args.positionals) {
      const bytes = readInput(file, 'PDF');
      ctx.progress(`Verifying ${file}…`);
      reports.push(await verifyPdf(bytes, { trustAnchors, dataDir: ctx.dataDir, online: args.values.online === true, file }));
    }
    return reports.length === 1 ? reports[0]! : reports;
  },
  print: (r) => (Array.isArray(r) ? r : [r]).map(printReport).join('\n\n'),
  exitCode: (r) => ((Array.isArray(r) ? r : [r]).every((x) => x.verdict === 'valid') ? 0 : 1),
});

/** `vanthu trust add FILE`: trust a root (or issuing) CA certificate in this profile. */
export const trustAddCommand = defineCommand<{ added: TrustAnchor[] }>({
  name: 'trust add',
  summary: 'Add a root CA certificate (PEM or DER) to the profile trust store used to verify signatures',
  usage: 'trust add FILE [--data-dir DIR] [--json]',
  allowPositionals: true,
  run(ctx, args) {
    const file = args.positionals[0];
    if (!file || args.positionals.length > 1) throw new AppError('VALIDATION', 'Give one certificate file: vanthu trust add ROOT.pem');
    return { added: addTrustAnchor(ctx.dataDir, readInput(file, 'certificate file')) };
  },
  print: (r) => r.added.map((a) => `Trusted: ${a.subject} (valid until ${a.notAfter.slice(0, 10)}, SHA-256 ${a.sha256})`).join('\n'),
});

/** `vanthu trust list`: the profile's trust anchors. */
export const trustListCommand = defineCommand<{ anchors: TrustAnchor[] }>({
  name: 'trust list',
  summary: 'List the trust anchors (root CA certificates) of the profile',
  usage: 'trust list [--data-dir DIR] [--json]',
  run(ctx) {
    return { anchors: listTrustAnchors(ctx.dataDir) };
  },
  print: (r) =>
    r.anchors.length === 0
      ? 'No trust anchors. Add the national root with: vanthu trust add ROOT.pem'
      : r.anchors.map((a) => `${a.commonName}  (${a.subject}; ${a.notBefore.slice(0, 10)} → ${a.notAfter.slice(0, 10)}; SHA-256 ${a.sha256})`).join('\n'),
});
