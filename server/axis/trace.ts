// The axis appends its own TraceHeader to every package it accepts. The sender's bytes are kept
// as they are otherwise: we insert text next to the existing TraceHeaderList (reusing the prefix the
// sender bound to the edXML namespace there) and re-parse to prove the result is still the package.
import { parseEdxml } from '../../core/exchange/edxml';
import type { ParsedPackage } from '../../core/exchange/edxml';
import { edxmlError, timestampToWire } from '../../core/exchange/edxml/text';

function traceHeader(prefix: string, organId: string, timestampIso: string): string {
  const p = prefix ? `${prefix}:` : '';
  return `<${p}TraceHeader><${p}OrganId>${organId}</${p}OrganId><${p}Timestamp>${timestampToWire(timestampIso, 'axis timestamp')}</${p}Timestamp></${p}TraceHeader>`;
}

export function appendAxisTraceHeader(xml: string, organId: string, timestampIso: string): { xml: string; parsed: ParsedPackage } {
  let out: string | undefined;
  const list = /<(?:([A-Za-z_][\w.-]*):)?TraceHeaderList(\s[^>]*)?(\/?)>/.exec(xml);
  if (list) {
    const prefix = list[1] ?? '';
    const header = traceHeader(prefix, organId, timestampIso);
    if (list[3] === '/') {
      const open = list[0].replace(/\s*\/>$/, '>');
      out = xml.slice(0, list.index) + `${open}${header}</${prefix ? `${prefix}:` : ''}TraceHeaderList>` + xml.slice(list.index + list[0].length);
    } else {
      const close = new RegExp(`</${prefix ? `${prefix}:` : ''}TraceHeaderList\\s*>`).exec(xml.slice(list.index));
      if (close) {
        const at = list.index + close.index;
        out = xml.slice(0, at) + header + xml.slice(at);
      }
    }
  } else {
    const mh = /<\/(?:([A-Za-z_][\w.-]*):)?MessageHeader\s*>/.exec(xml);
    if (mh) {
      const p = mh[1] ? `${mh[1]}:` : '';
      const at = mh.index + mh[0].length;
      out = xml.slice(0, at) + `<${p}TraceHeaderList>${traceHeader(mh[1] ?? '', organId, timestampIso)}</${p}TraceHeaderList>` + xml.slice(at);
    }
  }
  if (out === undefined) {
    parseEdxml(xml); // throws the package's own defect (DTD, wrong namespace, …) when it has one
    throw edxmlError('EDXML_MALFORMED', 'The axis could not find where to add its trace header.');
  }
  const parsed = parseEdxml(out);
  const trace = parsed.kind === 'document' ? parsed.document.traceHeaders : parsed.status.traceHeaders;
  const last = trace[trace.length - 1];
  if (!last || last.organId !== organId) {
    throw edxmlError('EDXML_MALFORMED', 'The package is laid out so that the axis trace header cannot be added safely.');
  }
  return { xml: out, parsed };
}
