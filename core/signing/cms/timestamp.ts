// RFC 3161 client: ask a time-stamping authority for a token over the signature value (PAdES B-T).

import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../../shared/api/errors';
import { OID, sha256, toArrayBuffer } from './cades';

export interface TimestampOptions {
  timeoutMs?: number;
}

/** Request a timestamp token for `data` (the signature value); returns the token's DER ContentInfo. */
export async function requestTimestamp(url: string, data: Uint8Array, options: TimestampOptions = {}): Promise<Uint8Array> {
  return requestTimestampForDigest(url, sha256(data), options);
}

/** Request a timestamp token for an already computed SHA-256 `imprint`. */
export async function requestTimestampForDigest(url: string, imprint: Uint8Array, options: TimestampOptions = {}): Promise<Uint8Array> {
  const nonce = randomBytes(8);
  nonce[0] = nonce[0]! & 0x7f; // a positive INTEGER
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(imprint) }),
    }),
    nonce: new asn1js.Integer({ valueHex: toArrayBuffer(nonce) }),
    certReq: true,
  });
  let body: ArrayBuffer;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: Buffer.from(request.toSchema().toBER()),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    body = await response.arrayBuffer();
  } catch (e) {
    throw new AppError('SIG_TSA_UNREACHABLE', `The time-stamping service ${url} did not answer (${(e as Error).message}). Check the network or the TSA address.`, {
      details: { url },
    });
  }
  let tsr: pkijs.TimeStampResp;
  try {
    tsr = pkijs.TimeStampResp.fromBER(body);
  } catch {
    throw new AppError('SIG_TSA_REJECTED', `The time-stamping service ${url} sent an unreadable answer.`, { details: { url } });
  }
  const status = tsr.status.status;
  if ((status !== 0 && status !== 1) || !tsr.timeStampToken) {
    const text = tsr.status.statusStrings?.map((s) => s.valueBlock.value).join('; ');
    throw new AppError('SIG_TSA_REJECTED', `The time-stamping service refused the request (status ${status}${text ? `: ${text}` : ''}).`, {
      details: { url, status },
    });
  }
  const token = tsr.timeStampToken;
  const signed = new pkijs.SignedData({ schema: token.content });
  const eContent = signed.encapContentInfo.eContent;
  if (signed.encapContentInfo.eContentType !== OID.tstInfo || !eContent) {
    throw new AppError('SIG_TSA_REJECTED', 'The time-stamping service answered with something that is not a timestamp token.');
  }
  const info = pkijs.TSTInfo.fromBER(eContent.getValue());
  const gotImprint = Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView);
  const gotNonce = info.nonce ? Buffer.from(info.nonce.valueBlock.valueHexView) : undefined;
  if (!gotImprint.equals(Buffer.from(imprint)) || !gotNonce || !stripZeros(gotNonce).equals(stripZeros(nonce))) {
    throw new AppError('SIG_TSA_REJECTED', 'The timestamp token does not match the request (imprint or nonce differ).');
  }
  return new Uint8Array(token.toSchema().toBER());
}

function stripZeros(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}

/** The certificates a timestamp token carries (the TSA's chain), DER. */
export function timestampCertificates(tokenDer: Uint8Array): Uint8Array[] {
  const info = pkijs.ContentInfo.fromBER(toArrayBuffer(tokenDer));
  const signed = new pkijs.SignedData({ schema: info.content });
  return (signed.certificates ?? [])
    .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
    .map((c) => new Uint8Array(c.toSchema().toBER()));
}
