import * as pkijs from 'pkijs';
import { buildChain, type CertInfo } from './certs';
import { checkSigner, parseCms } from './cms';
import { OID, digestName, hashParts, parseBer } from './crypto';
import { reason, type Reason } from './reasons';

// RFC 3161 time-stamp tokens: the signature time-stamp (over the signature value) and the
// document time-stamp (ETSI.RFC3161, over the PDF byte ranges).

export interface TimestampCheck {
  /** genTime, when the token is readable. */
  time?: Date;
  /** Signature, imprint and TSA certificate checks all passed (trust is separate). */
  ok: boolean;
  trusted: boolean;
  tsa?: CertInfo;
  chain: CertInfo[];
  /** Certificates found in the token (for the revocation pool). */
  certs: CertInfo[];
  reasons: Reason[];
}

export function checkTimestampToken(token: Uint8Array, imprinted: Uint8Array[], anchors: CertInfo[], pool: CertInfo[]): TimestampCheck {
  const out: TimestampCheck = { ok: false, trusted: false, chain: [], certs: [], reasons: [] };
  let tst: pkijs.TSTInfo;
  let cms;
  try {
    cms = parseCms(token);
    if (cms.eContentType !== OID.tstInfo || !cms.eContent) throw new Error('not a TSTInfo token');
    tst = new pkijs.TSTInfo({ schema: parseBer(cms.eContent) });
  } catch (e) {
    out.reasons.push(reason('TIMESTAMP_INVALID', `unreadable token: ${(e as Error).message}`));
    return out;
  }
  out.certs = cms.certs;
  out.time = tst.genTime;
  const signer = checkSigner(cms, [cms.eContent], OID.tstInfo);
  out.tsa = signer.signer;
  const problems: string[] = signer.reasons.map((r) => r.code + (r.detail ? ` (${r.detail})` : ''));
  const alg = digestName(tst.messageImprint.hashAlgorithm.algorithmId);
  if (!alg) problems.push('unsupported imprint digest');
  else if (!hashParts(alg, imprinted).equals(Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView))) {
    problems.push('message imprint does not match');
  }
  if (signer.signer) {
    const tsa = signer.signer;
    if (!tsa.extKeyUsage?.includes(OID.kpTimeStamping)) problems.push('TSA certificate lacks the timeStamping purpose');
    if (tst.genTime < tsa.notBefore || tst.genTime > tsa.notAfter) problems.push('TSA certificate not valid at genTime');
    const chain = buildChain(tsa, [...cms.certs, ...pool], anchors);
    out.chain = chain.chain;
    out.trusted = chain.trusted;
  }
  if (problems.length || !signer.cryptoOk) {
    out.reasons.push(reason('TIMESTAMP_INVALID', problems.join('; ') || 'TSA signature does not verify'));
    return out;
  }
  out.ok = true;
  if (!out.trusted) out.reasons.push(reason('TIMESTAMP_UNTRUSTED', out.tsa?.commonName));
  return out;
}
