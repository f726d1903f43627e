import { describe, expect, it } from 'vitest';
import { buildEdxml, buildStatusEdxml, parseEdxml } from '../../../core/exchange/edxml';
import { appendAxisTraceHeader } from '../../../server/axis/trace';
import { sampleDocument, sampleStatus } from '../../unit/exchange/fixtures';

const NS = 'http://www.mic.gov.vn/TBT/QCVN_102_2016';
const AT = '2026-11-20T03:00:00Z';

function traceOf(xml: string): string[] {
  const p = parseEdxml(xml);
  return (p.kind === 'document' ? p.document.traceHeaders : p.status.traceHeaders).map((t) => `${t.organId}@${t.timestamp}`);
}

describe('the axis trace header', () => {
  it('is appended after the sender’s own, in Vietnam time, leaving the rest of the package intact', () => {
    const xml = buildEdxml(sampleDocument());
    const out = appendAxisTraceHeader(Buffer.from(xml), 'VDXP', AT).bytes.toString();
    expect(traceOf(out)).toEqual(['000.00.00.H17@2026-11-20T09:15:00+07:00', 'VDXP@2026-11-20T10:00:00+07:00']);
    const before = parseEdxml(xml);
    const after = parseEdxml(out);
    if (before.kind === 'document' && after.kind === 'document') {
      expect({ ...after.document, traceHeaders: [] }).toEqual({ ...before.document, traceHeaders: [] });
    }
  });

  it('works when the package uses another prefix or the default namespace for the trace list', () => {
    const prefixed = buildEdxml(sampleDocument()).replaceAll('edXML:', 'ns2:').replace(`xmlns:edXML="${NS}"`, `xmlns:ns2="${NS}"`);
    expect(traceOf(appendAxisTraceHeader(Buffer.from(prefixed), 'VDXP', AT).bytes.toString()).at(-1)).toBe('VDXP@2026-11-20T10:00:00+07:00');
    const unprefixed = buildEdxml(sampleDocument()).replaceAll('edXML:', '').replace(`xmlns:edXML="${NS}"`, '');
    expect(traceOf(appendAxisTraceHeader(Buffer.from(unprefixed), 'VDXP', AT).bytes.toString()).at(-1)).toBe('VDXP@2026-11-20T10:00:00+07:00');
  });

  it('works on an empty self-closing trace list and adds a list when there is none', () => {
    const status = buildStatusEdxml(sampleStatus());
    expect(status).toContain('<edXML:TraceHeaderList/>');
    expect(traceOf(appendAxisTraceHeader(Buffer.from(status), 'VDXP', AT).bytes.toString())).toEqual(['VDXP@2026-11-20T10:00:00+07:00']);
    const noList = status.replace(/\s*<edXML:TraceHeaderList\/>/, '');
    expect(traceOf(appendAxisTraceHeader(Buffer.from(noList), 'VDXP', AT).bytes.toString())).toEqual(['VDXP@2026-11-20T10:00:00+07:00']);
  });
});
