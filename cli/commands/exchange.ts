import fs from 'node:fs';
import { AppError } from '../../shared/api/errors';
import { defineCommand } from '../command';
import { DEFAULT_XML_LIMITS, parseEdxml, type ParsedPackage } from '../../core/exchange/edxml';
import { buildEdxml, documentForRecipient, exchangeOf, vietnamNow } from '../../core/exchange/index';
import { withCore } from './foundation';

interface ParseSummary {
  kind: 'document' | 'status';
  from: { organId: string; organName: string };
  to?: { organId: string; organName: string }[];
  documentId: string;
  number?: string;
  notation?: string;
  subject?: string;
  promulgationDate?: string;
  businessDocType?: number;
  statusCode?: string;
  description?: string;
  attachments?: { contentId: string; name: string; size: number; sha256: string; type: string }[];
  signature: string;
  contentTypeMismatches: { contentId: string; declared: string; sniffed: string }[];
}

function summarize(p: ParsedPackage): ParseSummary {
  if (p.kind === 'status') {
    const s = p.status;
    return {
      kind: 'status',
      from: { organId: s.from.organId, organName: s.from.organName },
      documentId: s.responseFor.documentId,
      statusCode: s.statusCode,
      description: s.description,
      signature: p.report.signature,
      contentTypeMismatches: p.report.contentTypeMismatches,
    };
  }
  const d = p.document;
  return {
    kind: 'document',
    from: { organId: d.from.organId, organName: d.from.organName },
    to: d.to.map((o) => ({ organId: o.organId, organName: o.organName })),
    documentId: d.documentId,
    number: d.code.codeNumber,
    notation: d.code.codeNotation,
    subject: d.subject,
    promulgationDate: d.promulgationInfo.promulgationDate,
    businessDocType: d.business.docType,
    attachments: d.attachments.map((a) => ({ contentId: a.contentId, name: a.name, size: a.bytes.byteLength, sha256: a.sha256, type: a.mimeType })),
    signature: p.report.signature,
    contentTypeMismatches: p.report.contentTypeMismatches,
  };
}

export const exchangeParseCommand = defineCommand<ParseSummary>({
  name: 'exchange parse',
  summary: 'Read an edXML package (QCVN 102) and show sender, recipients, number and attachments',
  usage: 'exchange parse FILE [--json]',
  allowPositionals: true,
  run(_ctx, args) {
    const file = args.positionals[0];
    if (!file || args.positionals.length > 1) throw new AppError('VALIDATION', 'Give exactly one edXML file. Usage: vanthu exchange parse FILE [--json]');
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new AppError('NOT_FOUND', `Cannot read ${file}: no such file.`);
    }
    if (!stat.isFile()) throw new AppError('VALIDATION', `${file} is not a file. Give the path of an edXML package.`);
    const size = stat.size;
    if (size > DEFAULT_XML_LIMITS.maxBytes) {
      throw new AppError('EDXML_TOO_LARGE', `${file} is ${size} bytes; edXML packages are limited to ${DEFAULT_XML_LIMITS.maxBytes}.`, { details: { reason: 'EDXML_TOO_LARGE' } });
    }
    return summarize(parseEdxml(fs.readFileSync(file)));
  },
  print(s) {
    const lines = [
      `${s.kind === 'status' ? 'Status' : 'Document'} ${s.documentId}`,
      `From: ${s.from.organId} ${s.from.organName}`,
    ];
    if (s.kind === 'status') {
      lines.push(`Status: ${s.statusCode}${s.description ? ` — ${s.description}` : ''}`);
    } else {
      for (const t of s.to ?? []) lines.push(`To:   ${t.organId} ${t.organName}`);
      lines.push(`Number: ${s.number}/${s.notation}   Date: ${s.promulgationDate}`, `Subject: ${s.subject}`);
      for (const a of s.attachments ?? []) lines.push(`Attachment: ${a.name} (${a.type}, ${a.size} bytes, sha256 ${a.sha256})`);
    }
    if (s.signature !== 'absent') lines.push('System signature: present, not verified (the PDF signatures prove the document)');
    for (const m of s.contentTypeMismatches) lines.push(`Note: ${m.contentId} declared ${m.declared} but is ${m.sniffed}`);
    return lines.join('\n');
  },
});

/** `--to CODE:NAME` values, or the agencies the document was released to. */
function recipientsFor(db: import('better-sqlite3').Database, documentId: number, given: string[]): { code: string; name: string }[] {
  if (given.length) {
    return given.map((t) => {
      const at = t.indexOf(':');
      return at > 0 ? { code: t.slice(0, at).trim(), name: t.slice(at + 1).trim() } : { code: t.trim(), name: '' };
    });
  }
  const rows = db.prepare("SELECT agency_code AS code, name FROM release_recipients WHERE document_id = ? AND kind = 'agency' ORDER BY id").all(documentId) as { code: string; name: string }[];
  if (!rows.length) throw new AppError('VALIDATION', `Document ${documentId} was not released to any agency; name the recipients with --to CODE:NAME.`);
  return rows;
}

export const exchangeBuildCommand = defineCommand<{ file: string; bytes: number; documentId: string; recipients: string[]; attachments: number }>({
  name: 'exchange build',
  summary: 'Write the edXML package (QCVN 102) of a numbered outgoing document to a file',
  usage: 'exchange build --document ID --out FILE [--to CODE:NAME]... [--data-dir DIR] [--json]',
  options: { document: { type: 'string' }, out: { type: 'string' }, to: { type: 'string', multiple: true } },
  run(ctx, { values }) {
    const id = Number(values.document);
    if (!Number.isInteger(id) || id <= 0) throw new AppError('VALIDATION', 'Give the document id: --document ID.');
    const out = values.out;
    if (typeof out !== 'string' || !out) throw new AppError('VALIDATION', 'Give the output file: --out FILE.');
    return withCore(ctx, (core) => {
      const to = recipientsFor(core.db, id, (values.to as string[] | undefined) ?? []);
      const doc = documentForRecipient(core.db, core.blobs, id, to, vietnamNow(core.now()));
      const xml = buildEdxml(doc);
      fs.writeFileSync(out, xml);
      return { file: out, bytes: Buffer.byteLength(xml), documentId: doc.documentId, recipients: doc.to.map((t) => t.organId), attachments: doc.attachments.length };
    });
  },
  print: (r) => `Wrote ${r.file} (${r.bytes} bytes): ${r.documentId} to ${r.recipients.join(', ')}, ${r.attachments} attachment(s).`,
});

export const exchangeSyncCommand = defineCommand({
  name: 'exchange sync',
  summary: 'Send what is queued and fetch what waits on the axis now, then show the queue',
  usage: 'exchange sync [--data-dir DIR] [--json]',
  run(ctx) {
    return withCore(ctx, async (core) => {
      const ex = exchangeOf(core);
      const r = await ex.syncNow();
      return { ...r, outbox: ex.env.repo.countByState(), pendingIntake: ex.env.repo.countIntake('pending') };
    });
  },
  print: (r) =>
    [
      `Exchange: ${r.state.state} — ${r.state.detail}`,
      `Sent ${r.sent}, failed attempts ${r.sendFailures}; received ${r.received ? `${r.received.intake} new, ${r.received.statuses} statuses, ${r.received.duplicates} duplicates, ${r.received.quarantined} quarantined` : 'nothing (not connected)'}`,
      `Outbox: ${Object.entries(r.outbox).map(([k, v]) => `${k} ${v}`).join(', ')}; intake waiting: ${r.pendingIntake}`,
    ].join('\n'),
});

export const exchangeCommands = [exchangeParseCommand, exchangeBuildCommand, exchangeSyncCommand];
