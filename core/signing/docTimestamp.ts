// Document timestamps (PAdES B-LTA): an RFC 3161 token over the whole file so far, in a
// /DocTimeStamp signature of its own revision. Renewing it later keeps old evidence verifiable.

import { createHash } from 'node:crypto';
import { requestTimestampForDigest, type TimestampOptions } from './cms/timestamp';
import { hashByteRange } from './pdf/byteRange';
import { embedSignature, prepareSignature } from './pdf/incremental';

export interface DocumentTimestampOptions extends TimestampOptions {
  fieldName?: string;
  /** Room for the token; default 12 kB. */
  contentsBytes?: number;
}

export async function addDocumentTimestamp(pdfBytes: Uint8Array, tsaUrl: string, options: DocumentTimestampOptions = {}): Promise<{ bytes: Uint8Array; fieldName: string }> {
  const prepared = await prepareSignature(pdfBytes, {
    subFilter: 'ETSI.RFC3161',
    fieldName: options.fieldName,
    contentsBytes: options.contentsBytes ?? 12_288,
  });
  const hash = createHash('sha256');
  hashByteRange(prepared.bytes, prepared.byteRange, (chunk) => hash.update(chunk));
  const token = await requestTimestampForDigest(tsaUrl, new Uint8Array(hash.digest()), options);
  return { bytes: embedSignature(prepared, token), fieldName: prepared.fieldName };
}
