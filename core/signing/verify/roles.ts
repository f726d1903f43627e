import type { RawPdf, Revision } from './raw/document';
import { PdfDict, PdfRef, PdfStream, nameOf, type PdfValue } from './raw/objects';

// What each object of a revision is for, found by walking the document from its catalog. An
// object reached along several paths gets several roles (an appearance stream that is also a
// page XObject is both `ap-*` and `content`); a change is allowed only if every role allows it.

export type Role =
  | 'catalog'
  | 'pages' // page tree nodes
  | 'page'
  | 'annots' // an indirect /Annots array
  | 'annot' // a non-widget annotation and what it owns
  | 'widget' // a form widget (merged field/widget included)
  | 'field' // a form field (non-signature)
  | 'sigfield' // a signature field or its widget
  | 'fields' // an indirect /Fields or /Kids array
  | 'acroform'
  | 'ap-widget' // appearance of a form widget
  | 'ap-annot' // appearance of an annotation
  | 'ap-sig' // appearance of a signature widget
  | 'sig' // signature dictionary and what it owns
  | 'dss'
  | 'info'
  | 'content'; // everything drawn or otherwise used by the document

export interface RoleMap {
  roles: Map<number, Set<Role>>;
  /** For objects owned by a field or annotation (appearance streams …): the owner's number. */
  owners: Map<number, number>;
  rootNum: number;
}

const cache = new WeakMap<Revision, RoleMap>();
const MAX_VISITS = 200_000;

export function rolesOf(raw: RawPdf, rev: Revision): RoleMap {
  const hit = cache.get(rev);
  if (hit) return hit;
  const roles = new Map<number, Set<Role>>();
  const owners = new Map<number, number>();
  let owner: number | undefined;
  const root = rev.trailer.get('Root');
  const rootNum = root instanceof PdfRef ? root.num : -1;
  let visits = 0;
  const stack: Array<{ v: PdfValue | undefined; role: Role; owner?: number }> = [];
  const push = (v: PdfValue | undefined, role: Role, by: number | undefined = owner): void => {
    if (v !== undefined && v !== null) stack.push({ v, role, owner: by });
  };
  const isSigField = (d: PdfDict): boolean => {
    let cur: PdfDict | undefined = d;
    for (let i = 0; cur && i < 16; i++) {
      const ft = nameOf(raw.resolve(cur.get('FT'), rev));
      if (ft) return ft === 'Sig';
      cur = raw.dict(cur.get('Parent'), rev);
    }
    return false;
  };
  const pushAp = (ap: PdfValue | undefined, role: Role): void => {
    // /AP << /N stream-or-dict /D … >>: every stream under it belongs to the appearance.
    push(ap, role);
  };
  push(root, 'catalog');
  const info = rev.trailer.get('Info');
  push(info, 'info');
  while (stack.length && visits++ < MAX_VISITS) {
    const entry = stack.pop()!;
    const { v, role } = entry;
    owner = entry.owner;
    let d: PdfDict | undefined;
    if (v instanceof PdfRef) {
      if (owner !== undefined && !owners.has(v.num)) owners.set(v.num, owner);
      let set = roles.get(v.num);
      if (set?.has(role)) continue;
      if (!set) roles.set(v.num, (set = new Set()));
      set.add(role);
      const obj = raw.object(v.num, rev);
      if (obj === undefined) continue;
      if (Array.isArray(obj)) {
        for (const x of obj) push(x, childRoleOfArray(role));
        continue;
      }
      d = obj instanceof PdfStream ? obj.dict : obj instanceof PdfDict ? obj : undefined;
      if (!d) continue;
    } else if (Array.isArray(v)) {
      for (const x of v) push(x, role);
      continue;
    } else if (v instanceof PdfDict) d = v;
    else if (v instanceof PdfStream) d = v.dict;
    if (!d) continue;
    walkDict(d, role, v instanceof PdfRef ? v.num : undefined);
  }

  function childRoleOfArray(role: Role): Role {
    if (role === 'annots') return 'annot';
    if (role === 'fields') return 'field';
    return role;
  }

  function walkDict(d: PdfDict, role: Role, num: number | undefined): void {
    switch (role) {
      case 'catalog':
        for (const [k, x] of d.entries) {
          if (k === 'Pages') push(x, 'pages');
          else if (k === 'AcroForm') push(x, 'acroform');
          else if (k === 'DSS') push(x, 'dss');
          else if (k === 'Perms') push(x, 'sig');
          else push(x, 'content');
        }
        return;
      case 'pages':
        for (const [k, x] of d.entries) {
          if (k === 'Parent') continue;
          if (k === 'Kids') {
            const kids = raw.resolve(x, rev);
            if (x instanceof PdfRef) markOnly(x, 'pages');
            if (Array.isArray(kids)) {
              for (const kid of kids) {
                const kd = raw.dict(kid, rev);
                push(kid, kd && nameOf(kd.get('Type')) === 'Page' ? 'page' : 'pages');
              }
            }
          } else push(x, 'content');
        }
        return;
      case 'page':
        for (const [k, x] of d.entries) {
          if (k === 'Parent') continue;
          if (k === 'Annots') {
            if (x instanceof PdfRef) markOnly(x, 'annots');
            const arr = raw.resolve(x, rev);
            if (Array.isArray(arr)) for (const a of arr) push(a, 'annot');
          } else push(x, 'content');
        }
        return;
      case 'annot':
      case 'widget':
      case 'field':
      case 'sigfield': {
        // Decide what this dictionary really is from its own keys.
        const subtype = nameOf(raw.resolve(d.get('Subtype'), rev));
        const sig = isSigField(d);
        const own: Role = sig ? 'sigfield' : subtype === 'Widget' ? 'widget' : role === 'annot' ? 'annot' : 'field';
        const apRole: Role = sig ? 'ap-sig' : own === 'annot' ? 'ap-annot' : 'ap-widget';
        // What this dictionary owns (appearances, actions …) is attributed to it.
        owner = num ?? owner;
        if (num !== undefined && own !== role) {
          // Record what the object really is rather than the path it was reached by.
          const set = roles.get(num)!;
          set.delete(role);
          set.add(own);
        }
        for (const [k, x] of d.entries) {
          if (k === 'P' || k === 'Parent') continue;
          if (k === 'AP') pushAp(x, apRole);
          else if (k === 'V' && sig) push(x, 'sig');
          else if (k === 'Kids') {
            if (x instanceof PdfRef) markOnly(x, 'fields');
            const kids = raw.resolve(x, rev);
            if (Array.isArray(kids)) for (const kid of kids) push(kid, sig ? 'sigfield' : 'field');
          } else if (k === 'Popup' || k === 'IRT') push(x, 'annot');
          else push(x, own === 'annot' ? 'ap-annot' : own === 'sigfield' ? 'ap-sig' : 'ap-widget');
        }
        return;
      }
      case 'acroform':
        for (const [k, x] of d.entries) {
          if (k === 'Fields') {
            if (x instanceof PdfRef) markOnly(x, 'fields');
            const arr = raw.resolve(x, rev);
            if (Array.isArray(arr)) for (const f of arr) push(f, 'field');
          } else if (k === 'XFA') push(x, 'content');
          else push(x, 'acroform');
        }
        return;
      default:
        for (const x of d.entries.values()) push(x, role);
    }
  }

  function markOnly(ref: PdfRef, role: Role): void {
    let set = roles.get(ref.num);
    if (!set) roles.set(ref.num, (set = new Set()));
    set.add(role);
  }

  const map = { roles, owners, rootNum };
  cache.set(rev, map);
  return map;
}
