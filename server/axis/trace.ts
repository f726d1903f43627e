// The axis appends its own TraceHeader to every package it accepts. The sender's bytes are kept
// as they are otherwise: we insert text next to the existing TraceHeaderList (reusing the prefix the
// sender bound to the edXML namespace there) and re-parse to prove the result is still the package.
// The work is done on the bytes: the trace list sits in the header, so only the start of the
// package is decoded to find it, and the Base64 payload after it is copied, never decoded.
import { parseEdxml, parseEdxmlHeader } from '../../core/exchange/edxml';
import type { PackageHeader } from '../../core/exchange/edxml';
import { edxmlError, timestampToWire } from '../../core/exchange/edxml/text';

/** How much of the package is decoded first to find the trace list (all of it if that fails). */
const HEAD_BYTES = 16 * 1024;

function traceHeader(prefix: string, organId: string, timestampIso: string): string {
  const p = prefix ? `${prefix}:` : '';
  return `<${p}TraceHeader><${p}OrganId>${organId}</${p}OrganId><${p}Timestamp>${timestampToWire(timestampIso, 'axis timestamp')}</${p}Timestamp></${p}TraceHeader>`;
}

/** Where to cut `xml` and what to put there, or undefined when the layout gives no place. */
function insertion(xml: string, organId: string, timestampIso: string, whole: boolean): { at: number; drop: number; text: string } | undefined {
  const list = /<(?:([A-Za-z_][\w.-]*):)?TraceHeaderList(\s[^>]*)?(\/?)>/.exec(xml);
  if (list) {
    const prefix = list[1] ?? '';
    const header = traceHeader(prefix, organId, timestampIso);
    if (list[3] === '/') {
      const open = list[0].replace(/\s*\/>$/, '>');
      return { at: list.index, drop: list[0].length, text: `${open}${header}</${prefix ? `${prefix}:` : ''}TraceHeaderList>` };
    }
    const close = new RegExp(`</${prefix ? `${prefix}:` : ''}TraceHeaderList\\s*>`).exec(xml.slice(list.index));
    return close ? { at: list.index + close.index, drop: 0, text: header } : undefined;
  }
  // No list: add one after the MessageHeader, but only when seeing the whole package (in a cut
  // head, the list may simply come after the cut).
  const mh = whole ? /<\/(?:([A-Za-z_][\w.-]*):)?MessageHeader\s*>/.exec(xml) : null;
  if (!mh) return undefined;
  const p = mh[1] ? `${mh[1]}:` : '';
  return { at: mh.index + mh[0].length, drop: 0, text: `<${p}TraceHeaderList>${traceHeader(mh[1] ?? '', organId, timestampIso)}</${p}TraceHeaderList>` };
}

/**
 * The package with the axis's trace header added, and what it says for routing. The attachments'
 * bytes are not decoded or hashed here: the axis forwards them as they are, and the receiving
 * agency checks them against the manifest (and quarantines a mismatch).
 */
export function appendAxisTraceHeader(pkg: Uint8Array, organId: string, timestampIso: string): { bytes: Buffer; parsed: PackageHeader } {
  const buf = Buffer.from(pkg.buffer, pkg.byteOffset, pkg.byteLength);
  let bytes: Buffer | undefined;
  for (const end of buf.length > HEAD_BYTES ? [HEAD_BYTES, buf.length] : [buf.length]) {
    const head = buf.toString('utf8', 0, end);
    const found = insertion(head, organId, timestampIso, end === buf.length);
    if (!found) continue;
    const at = Buffer.byteLength(head.slice(0, found.at));
    const after = at + Buffer.byteLength(head.slice(found.at, found.at + found.drop));
    bytes = Buffer.concat([buf.subarray(0, at), Buffer.from(found.text, 'utf8'), buf.subarray(after)]);
    break;
  }
  if (bytes === undefined) {
    parseEdxml(pkg); // throws the package's own defect (DTD, wrong namespace, …) when it has one
    throw edxmlError('EDXML_MALFORMED', 'The axis could not find where to add its trace header.');
  }
  const parsed = parseEdxmlHeader(bytes);
  const trace = parsed.kind === 'document' ? parsed.document.traceHeaders : parsed.status.traceHeaders;
  const last = trace[trace.length - 1];
  if (!last || last.organId !== organId) {
    throw edxmlError('EDXML_MALFORMED', 'The package is laid out so that the axis trace header cannot be added safely.');
  }
  return { bytes, parsed };
}
