import { analyzeUpdate, type Change } from './changes';
import type { RawPdf } from './raw/document';
import { reason, type Reason } from './reasons';
import type { FieldLock } from './signatures';

// Judges the updates made after a signature against what is allowed: without a certification,
// signing, form filling and annotations are allowed changes; a certification signature's DocMDP
// level P narrows that for every update after it (P=1 nothing but validation data and document
// time-stamps, P=2 adds form filling and signing, P=3 adds annotations).

export interface Certification {
  /** Index of the revision the certification signature covers. */
  revision: number;
  p: number;
}

/** A FieldMDP lock set by the signature covering `revision`. */
export interface Lock extends FieldLock {
  revision: number;
}

function locks(lock: FieldLock, field: string | undefined): boolean {
  if (lock.action === 'All') return true;
  if (field === undefined) return lock.action === 'Exclude';
  const listed = lock.fields.some((f) => field === f || field.startsWith(`${f}.`));
  return lock.action === 'Include' ? listed : !listed;
}

export interface ChangesVerdict {
  reasons: Reason[];
  changes: Array<Change & { revision: number }>;
  /** Changes that a reader should know about (form fill, annotations, fields). */
  visibleChanges: boolean;
}

export function judgeChangesAfter(raw: RawPdf, signedRevision: number, certifications: Certification[], fieldLocks: Lock[] = []): ChangesVerdict {
  const out: ChangesVerdict = { reasons: [], changes: [], visibleChanges: false };
  // One reason per code; its detail lists the first few places it was seen.
  const byCode = new Map<string, { r: Reason; details: string[] }>();
  const push = (r: Reason): void => {
    const hit = byCode.get(r.code);
    if (!hit) {
      const entry = { r: { ...r }, details: r.detail ? [r.detail] : [] };
      byCode.set(r.code, entry);
      out.reasons.push(entry.r);
    } else if (r.detail && !hit.details.includes(r.detail) && hit.details.length < 5) {
      hit.details.push(r.detail);
      hit.r.detail = hit.details.join('; ');
    }
  };
  let laterSignatures = false;
  for (let i = signedRevision + 1; i < raw.revisions.length; i++) {
    const before = raw.revisions[i - 1]!;
    const after = raw.revisions[i]!;
    const p = Math.min(...certifications.filter((c) => c.revision < i).map((c) => c.p), Infinity);
    for (const ch of analyzeUpdate(raw, before, after).changes) {
      out.changes.push({ ...ch, revision: i + 1 });
      const where = `revision ${i + 1}, object ${ch.object}: ${ch.detail}`;
      const violated = (): void => push(reason('CERTIFICATION_VIOLATED', `P=${p}; ${where}`));
      if ((ch.category === 'form-fill' || ch.category === 'field-added') && fieldLocks.some((l) => l.revision < i && locks(l, ch.field))) {
        push(reason('FIELD_LOCKED', `${where}${ch.field ? ` (field ${ch.field})` : ''}`));
        continue;
      }
      switch (ch.category) {
        case 'disallowed':
          push(reason('DISALLOWED_CHANGE', where));
          break;
        case 'signature':
        case 'sig-field-added':
          if (p === 1) violated();
          else laterSignatures = true;
          break;
        case 'doc-timestamp':
        case 'dss':
          laterSignatures = true;
          break;
        case 'metadata':
          if (p === 1) violated();
          break;
        case 'form-fill':
          if (p === 1) violated();
          else {
            out.visibleChanges = true;
            push(reason('FORM_FILLED'));
          }
          break;
        case 'field-added':
          if (p <= 3) violated();
          else {
            out.visibleChanges = true;
            push(reason('FIELD_ADDED', where));
          }
          break;
        case 'annotation':
          if (p <= 2) violated();
          else {
            out.visibleChanges = true;
            push(reason('ANNOTATIONS_CHANGED', where));
          }
          break;
      }
    }
  }
  if (raw.trailingGarbage) push(reason('UNREADABLE_UPDATE', `bytes ${raw.trailingGarbage.start}–${raw.trailingGarbage.end}`));
  if (laterSignatures && !out.reasons.some((r) => r.code === 'LATER_SIGNATURES')) out.reasons.push(reason('LATER_SIGNATURES'));
  return out;
}
