import { sameEntry, type RawPdf, type Revision } from './raw/document';
import { PdfDict, PdfRef, PdfStream, PdfString, collectRefs, nameOf, sameValue, type PdfValue } from './raw/objects';
import { rolesOf, type Role } from './roles';

// What an incremental update changes, object by object: every object whose xref entry differs
// between two consecutive revisions is compared with its previous definition and classified by
// the roles it plays in the document. Page content, pages, fonts, images … redefined, or a new
// object filling a reference the signed revision left dangling, are disallowed.

export type ChangeCategory =
  | 'signature' // a new approval signature (field, dictionary, widget, appearance)
  | 'doc-timestamp' // a document time-stamp
  | 'sig-field-added' // an empty signature field
  | 'dss' // validation data (DSS, VRI, extensions)
  | 'metadata' // the Info dictionary
  | 'form-fill'
  | 'field-added'
  | 'annotation'
  | 'disallowed';

export interface Change {
  category: ChangeCategory;
  /** Object number (0 for the trailer). */
  object: number;
  detail: string;
  /** Fully qualified name of the form field concerned (form fill, fields added). */
  field?: string;
}

export interface UpdateAnalysis {
  revision: number;
  changes: Change[];
}

const cache = new WeakMap<Revision, UpdateAnalysis>();

/** Changes made by the update that produced `after` (compared with the revision before it). */
export function analyzeUpdate(raw: RawPdf, before: Revision, after: Revision): UpdateAnalysis {
  const hit = cache.get(after);
  if (hit) return hit;
  const changes: Change[] = [];
  const oldRoles = rolesOf(raw, before);
  const newRoles = rolesOf(raw, after);
  const add = (category: ChangeCategory, object: number, detail: string): void => {
    const field = category === 'form-fill' || category === 'field-added' ? fieldNameOf(object) : undefined;
    changes.push(field ? { category, object, detail, field } : { category, object, detail });
  };
  const buf = raw.buf;

  if (!sameValue(before.trailer.get('Encrypt'), after.trailer.get('Encrypt'))) add('disallowed', 0, 'encryption changed');
  const oldCat = raw.dict(before.trailer.get('Root'), before);
  const newCat = raw.dict(after.trailer.get('Root'), after);
  if (!oldCat || !newCat) add('disallowed', 0, 'catalog unreadable');
  else if (oldRoles.rootNum !== newRoles.rootNum || !sameValue(oldCat, newCat, buf, buf)) diffCatalog(oldCat, newCat, add, newRoles.rootNum);

  const nums = new Set<number>([...before.objects.keys(), ...after.objects.keys()]);
  for (const num of nums) {
    if (num === 0 || sameEntry(before.objects.get(num), after.objects.get(num))) continue;
    if (num === oldRoles.rootNum || num === newRoles.rootNum) continue; // compared above
    const oldVal = raw.object(num, before);
    const newVal = raw.object(num, after);
    if (oldVal === undefined && newVal === undefined) continue;
    if (oldVal !== undefined && newVal !== undefined && sameValue(oldVal, newVal, buf, buf)) continue;
    const wasRoles = oldRoles.roles.get(num);
    const nowRoles = newRoles.roles.get(num);
    if (newVal === undefined) {
      // Deleted: harmless when nothing reachable still points at it.
      if (nowRoles) add('disallowed', num, 'object deleted but still used');
      continue;
    }
    if (oldVal === undefined || !wasRoles) {
      // New (or previously unreachable) object.
      if (!nowRoles) continue;
      if (oldVal === undefined && wasRoles) {
        add('disallowed', num, 'fills a reference the signed revision left dangling');
        continue;
      }
      for (const role of nowRoles) classifyNew(role, num, newVal, add);
      continue;
    }
    const roles = new Set<Role>([...wasRoles, ...(nowRoles ?? [])]);
    for (const role of roles) classifyRedefined(role, num, oldVal, newVal, add);
  }
  const analysis = { revision: after.index, changes };
  cache.set(after, analysis);
  return analysis;

  function sigCategory(fieldDict: PdfDict | undefined, rev: Revision): ChangeCategory {
    const v = fieldDict ? raw.dict(fieldDict.get('V'), rev) : undefined;
    if (!v) return 'sig-field-added';
    return nameOf(v.get('Type')) === 'DocTimeStamp' || nameOf(v.get('SubFilter')) === 'ETSI.RFC3161' ? 'doc-timestamp' : 'signature';
  }

  function classifyNew(role: Role, num: number, val: PdfValue, addFn: typeof add): void {
    switch (role) {
      case 'sigfield':
        addFn(sigCategory(raw.dict(val, after), after), num, 'new signature field');
        return;
      case 'sig': {
        const d = raw.dict(val, after);
        const ts = d !== undefined && (nameOf(d.get('Type')) === 'DocTimeStamp' || nameOf(d.get('SubFilter')) === 'ETSI.RFC3161');
        addFn(ts ? 'doc-timestamp' : 'signature', num, 'new signature data');
        return;
      }
      case 'ap-sig':
        addFn('signature', num, 'signature appearance');
        return;
      case 'dss':
        addFn('dss', num, 'validation data added');
        return;
      case 'info':
        addFn('metadata', num, 'document information');
        return;
      case 'annot':
      case 'ap-annot':
        addFn('annotation', num, 'annotation added');
        return;
      case 'widget':
      case 'field':
      case 'fields':
        addFn('field-added', num, 'form field added');
        return;
      case 'ap-widget':
      case 'acroform':
        addFn('form-fill', num, 'form data added');
        return;
      case 'annots':
        addFn('annotation', num, 'annotation list');
        return;
      default:
        addFn('disallowed', num, `new object used as ${role === 'content' ? 'page content or resources' : role}`);
    }
  }

  function classifyRedefined(role: Role, num: number, oldVal: PdfValue, newVal: PdfValue, addFn: typeof add): void {
    const od = oldVal instanceof PdfStream ? oldVal.dict : oldVal instanceof PdfDict ? oldVal : undefined;
    const nd = newVal instanceof PdfStream ? newVal.dict : newVal instanceof PdfDict ? newVal : undefined;
    switch (role) {
      case 'page':
        if (!od || !nd) return addFn('disallowed', num, 'page replaced');
        for (const k of changedKeys(od, nd)) {
          if (k === 'Annots') diffAnnots(raw.resolve(od.get('Annots'), before), raw.resolve(nd.get('Annots'), after), num, addFn);
          else addFn('disallowed', num, `page /${k} changed`);
        }
        return;
      case 'annots':
        return diffAnnots(oldVal, newVal, num, addFn);
      case 'fields':
        return diffFields(oldVal, newVal, num, addFn);
      case 'acroform':
        if (!od || !nd) return addFn('form-fill', num, 'form resources changed');
        if (num !== acroFormNum(before)) return addFn('form-fill', num, 'form resources changed');
        for (const k of changedKeys(od, nd)) {
          if (k === 'Fields') diffFields(raw.resolve(od.get('Fields'), before), raw.resolve(nd.get('Fields'), after), num, addFn);
          else if (k === 'SigFlags') addFn('signature', num, 'signature flags');
          else if (k === 'DR' || k === 'DA' || k === 'NeedAppearances') addFn('form-fill', num, `form /${k}`);
          else addFn('disallowed', num, `form /${k} changed`);
        }
        return;
      case 'sigfield':
      case 'widget':
      case 'field': {
        if (!od || !nd) return addFn('disallowed', num, 'field replaced');
        for (const k of changedKeys(od, nd)) {
          if (role === 'sigfield' && k === 'V') {
            if (od.get('V') === undefined) addFn(sigCategory(nd, after), num, 'signature field signed');
            else addFn('disallowed', num, 'existing signature replaced');
          } else if (role === 'sigfield' && k === 'AP') addFn('signature', num, 'signature appearance');
          else if (role !== 'sigfield' && (k === 'V' || k === 'AS' || k === 'AP' || k === 'MK' || k === 'RV')) {
            const ff = raw.resolve(od.get('Ff'), before);
            if (typeof ff === 'number' && (ff & 1) === 1) addFn('disallowed', num, 'read-only field changed');
            else addFn('form-fill', num, `field /${k}`);
          } else if (k === 'Kids') diffFields(raw.resolve(od.get('Kids'), before), raw.resolve(nd.get('Kids'), after), num, addFn);
          else addFn('disallowed', num, `field /${k} changed`);
        }
        return;
      }
      case 'annot':
      case 'ap-annot':
        return addFn('annotation', num, 'annotation changed');
      case 'ap-widget':
        return addFn('form-fill', num, 'field appearance changed');
      case 'ap-sig':
        return addFn('disallowed', num, 'appearance of an existing signature changed');
      case 'dss':
        return addFn('dss', num, 'validation data updated');
      case 'info':
        return addFn('metadata', num, 'document information updated');
      case 'sig':
        return addFn('disallowed', num, 'existing signature data changed');
      default:
        return addFn('disallowed', num, role === 'content' ? 'page content or resources redefined' : `${role} redefined`);
    }
  }

  function fieldNameOf(num: number): string | undefined {
    const roles = newRoles.roles.get(num) ?? oldRoles.roles.get(num);
    const isField = roles !== undefined && (roles.has('field') || roles.has('widget') || roles.has('sigfield'));
    const ownerNum = isField ? num : (newRoles.owners.get(num) ?? oldRoles.owners.get(num));
    if (ownerNum === undefined) return undefined;
    const parts: string[] = [];
    let d = raw.dict(new PdfRef(ownerNum, 0), after) ?? raw.dict(new PdfRef(ownerNum, 0), before);
    for (let i = 0; d && i < 32; i++) {
      const t = raw.resolve(d.get('T'), after);
      if (t instanceof PdfString) parts.unshift(t.text());
      d = raw.dict(d.get('Parent'), after);
    }
    return parts.length ? parts.join('.') : undefined;
  }

  function acroFormNum(rev: Revision): number | undefined {
    const cat = raw.dict(rev.trailer.get('Root'), rev);
    const a = cat?.get('AcroForm');
    return a instanceof PdfRef ? a.num : undefined;
  }

  function diffCatalog(od: PdfDict, nd: PdfDict, addFn: typeof add, num: number): void {
    for (const k of changedKeys(od, nd)) {
      if (k === 'DSS' || k === 'Extensions' || k === 'Version') addFn('dss', num, `catalog /${k}`);
      else if (k === 'AcroForm') {
        const oa = raw.dict(od.get('AcroForm'), before);
        const na = raw.dict(nd.get('AcroForm'), after);
        if (!na) addFn('disallowed', num, 'form removed');
        else if (!oa) diffFields([], raw.resolve(na.get('Fields'), after), num, addFn);
        else if (!sameValue(oa, na, buf, buf)) {
          // An inline or re-pointed AcroForm: compare its keys as a redefinition.
          for (const key of changedKeys(oa, na)) {
            if (key === 'Fields') diffFields(raw.resolve(oa.get('Fields'), before), raw.resolve(na.get('Fields'), after), num, addFn);
            else if (key === 'SigFlags') addFn('signature', num, 'signature flags');
            else if (key === 'DR' || key === 'DA' || key === 'NeedAppearances') addFn('form-fill', num, `form /${key}`);
            else addFn('disallowed', num, `form /${key} changed`);
          }
        }
      } else addFn('disallowed', num, `catalog /${k} changed`);
    }
  }

  function refNums(v: PdfValue | undefined): number[] {
    return Array.isArray(v) ? v.filter((x): x is PdfRef => x instanceof PdfRef).map((r) => r.num) : [];
  }

  function diffAnnots(oldV: PdfValue | undefined, newV: PdfValue | undefined, num: number, addFn: typeof add): void {
    const o = refNums(oldV);
    const n = refNums(newV);
    if (Array.isArray(newV) && newV.some((x) => !(x instanceof PdfRef))) addFn('annotation', num, 'inline annotation');
    for (const a of n.filter((x) => !o.includes(x))) {
      const d = raw.dict(new PdfRef(a, 0), after);
      const subtype = d ? nameOf(d.get('Subtype')) : undefined;
      if (subtype === 'Widget') {
        const sig = isSig(d!, after);
        addFn(sig ? sigCategory(fieldOf(d!, after), after) : 'field-added', a, sig ? 'signature widget added' : 'form widget added');
      } else addFn('annotation', a, `${subtype ?? 'unknown'} annotation added`);
    }
    for (const a of o.filter((x) => !n.includes(x))) {
      const d = raw.dict(new PdfRef(a, 0), before);
      if (d && nameOf(d.get('Subtype')) === 'Widget') addFn('disallowed', a, 'form widget removed');
      else addFn('annotation', a, 'annotation removed');
    }
  }

  function diffFields(oldV: PdfValue | undefined, newV: PdfValue | undefined, num: number, addFn: typeof add): void {
    const o = refNums(oldV);
    const n = refNums(newV);
    for (const f of n.filter((x) => !o.includes(x))) {
      const d = raw.dict(new PdfRef(f, 0), after);
      if (d && isSig(d, after)) addFn(sigCategory(d, after), f, 'signature field added');
      else addFn('field-added', f, 'form field added');
    }
    for (const f of o.filter((x) => !n.includes(x))) addFn('disallowed', f, 'form field removed');
    if (o.length === n.length && o.every((x, i) => n[i] === x) && !sameValue(oldV, newV)) addFn('disallowed', num, 'form field list rewritten');
  }

  function fieldOf(widget: PdfDict, rev: Revision): PdfDict {
    return widget.has('FT') || !widget.has('Parent') ? widget : (raw.dict(widget.get('Parent'), rev) ?? widget);
  }

  function isSig(d: PdfDict, rev: Revision): boolean {
    let cur: PdfDict | undefined = d;
    for (let i = 0; cur && i < 16; i++) {
      const ft = nameOf(raw.resolve(cur.get('FT'), rev));
      if (ft) return ft === 'Sig';
      cur = raw.dict(cur.get('Parent'), rev);
    }
    return false;
  }
}

function changedKeys(a: PdfDict, b: PdfDict): string[] {
  const keys = new Set([...a.entries.keys(), ...b.entries.keys()]);
  return [...keys].filter((k) => k !== 'Length' && !sameValue(a.get(k), b.get(k)));
}

/** Object numbers referenced anywhere in a value (exported for tests and diagnostics). */
export function referencedNumbers(v: PdfValue | undefined): number[] {
  return collectRefs(v).map((r) => r.num);
}
