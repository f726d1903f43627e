import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '../../../../shared/api/documents';
import { isAppError } from '../../../../shared/api/errors';
import { useApp } from '../../app/context';
import { fieldErrorsFromError, type FieldErrors } from '../../ui/errors';
import { DialogMessage } from './ActionDialog';
import { useStepErrors } from './actionKit';

// Editing a document's details (an incoming document's registration, a draft's metadata). Only the
// fields changed are sent, with the version the form was opened on. When someone else saved the
// same document first the core refuses the save (CONFLICT) and the form keeps what was typed: their
// version goes into the fields left alone, the fields both people changed keep what was typed here
// and show what the other person saved, and the next save goes onto their version.

export interface DetailsFormSpec<F extends string> {
  doc: DocumentView;
  fields: readonly F[];
  valuesOf: (d: DocumentView) => Record<F, string>;
  /** The changed fields as the API takes them. */
  patchOf: (v: Record<F, string>, changed: F[]) => Record<string, unknown>;
  /** Refuses here what the schema would refuse (field → code), or null. */
  check: (base: DocumentView, patch: Record<string, unknown>, v: Record<F, string>) => FieldErrors | null;
  send: (base: DocumentView, patch: Record<string, unknown>) => Promise<DocumentView>;
  /** Moves a core complaint about a field not on the form onto one that is. */
  placeErrors?: (fe: FieldErrors) => void;
  onChanged: (d: DocumentView) => void;
}

export function useDetailsForm<F extends string>(spec: DetailsFormSpec<F>) {
  const { t } = useTranslation();
  const { call } = useApp();
  const [base, setBase] = useState(spec.doc);
  const [v, setV] = useState<Record<F, string>>(() => spec.valuesOf(spec.doc));
  const [merge, setMerge] = useState<Merge<F> | null>(null);
  const { setErrors, err } = useStepErrors();
  const theirValue = useTheirValue(merge);
  const set = (k: F) => (value: string) => setV((old) => ({ ...old, [k]: value }));

  async function submit(): Promise<void> {
    setErrors({});
    const before = spec.valuesOf(base);
    const changed = spec.fields.filter((k) => v[k].trim() !== before[k].trim());
    if (changed.length === 0) throw new DialogMessage(t('docs.edit.nothingChanged'));
    const patch = spec.patchOf(v, changed);
    const refused = spec.check(base, patch, v);
    if (refused) {
      setErrors(refused);
      throw new DialogMessage(t('docs.actions.fixErrors'));
    }
    try {
      spec.onChanged(await spec.send(base, patch));
    } catch (e) {
      if (!isAppError(e) || e.code !== 'CONFLICT') {
        const fe = fieldErrorsFromError(e);
        spec.placeErrors?.(fe);
        setErrors(fe);
        throw e;
      }
      const { document: fresh } = await call('documents.get', { id: base.id });
      const merged = mergeTheirs(spec.fields, before, v, spec.valuesOf(fresh));
      setV(merged.next);
      setBase(fresh);
      setMerge(merged.merge);
      throw new DialogMessage(t('docs.edit.conflict'));
    }
  }

  return { v, set, merge, theirValue, err, setErrors, submit };
}

export interface Merge<F extends string> {
  /** Fields both people changed, with what the other person saved. */
  both: { field: F; theirs: string }[];
  /** Fields only the other person changed: taken into the form. */
  taken: F[];
}

/** Three-way merge of form values: `before` (what the form was opened on), `mine` (typed), `theirs` (saved since). */
export function mergeTheirs<F extends string>(fields: readonly F[], before: Record<F, string>, mine: Record<F, string>, theirs: Record<F, string>): { next: Record<F, string>; merge: Merge<F> } {
  const next = { ...mine };
  const merge: Merge<F> = { both: [], taken: [] };
  for (const k of fields) {
    if (theirs[k] === before[k]) continue;
    if (mine[k] === before[k]) {
      next[k] = theirs[k];
      merge.taken.push(k);
    } else if (mine[k] !== theirs[k]) merge.both.push({ field: k, theirs: theirs[k] });
  }
  return { next, merge };
}

/** What the merge did, in words, above the form. */
export function MergeNotice<F extends string>({ merge, label }: { merge: Merge<F> | null; label: (f: F) => string }) {
  const { t } = useTranslation();
  if (!merge || (merge.both.length === 0 && merge.taken.length === 0)) return null;
  return (
    <div className="notice notice--info" data-testid="edit-merge">
      {merge.both.length > 0 && <p>{t('docs.edit.bothChanged', { fields: merge.both.map((b) => label(b.field)).join(', ') })}</p>}
      {merge.taken.length > 0 && <p>{t('docs.edit.taken', { fields: merge.taken.map(label).join(', ') })}</p>}
    </div>
  );
}

/** Under a field both changed: what the other person saved. */
export function useTheirValue<F extends string>(merge: Merge<F> | null): (f: F) => string | undefined {
  const { t } = useTranslation();
  return (f) => {
    const c = merge?.both.find((b) => b.field === f);
    return c ? t('docs.edit.theirValue', { value: c.theirs || t('docs.edit.empty') }) : undefined;
  };
}
