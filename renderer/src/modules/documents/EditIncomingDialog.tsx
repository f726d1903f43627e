import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONFIDENTIALITIES, DOCUMENT_TYPES, URGENCIES, documentsMethods, type DocumentView } from '../../../../shared/api/documents';
import { isAppError } from '../../../../shared/api/errors';
import { useApp } from '../../app/context';
import { SelectField, TextField } from '../../ui/Field';
import { fieldErrorsFromError, fieldErrorsFromZod } from '../../ui/errors';
import { ActionDialog, DialogMessage, TextArea } from './ActionDialog';
import { useStepErrors } from './actionKit';
import { todayYmd } from './format';

// Sửa thông tin: the clerk corrects what was registered for an incoming document (before it is
// filed). The save carries the version the form was opened on; when someone else saved first the
// core refuses it (CONFLICT) and nothing typed here is lost: the form takes the other person's
// changes into the fields left alone, keeps what was typed, names the fields both changed, and the
// next save goes onto the new version.

const FIELDS = ['numberNotation', 'issuerName', 'issuerCode', 'typeCode', 'dateIssued', 'subject', 'signer', 'signerPosition', 'pages', 'urgency', 'confidentiality', 'deadline', 'notes'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

function valuesOf(d: DocumentView): Values {
  return {
    numberNotation: d.numberNotation ?? '', issuerName: d.issuerName, issuerCode: d.issuerCode, typeCode: d.typeCode, dateIssued: d.dateIssued ?? '', subject: d.subject, signer: d.signer,
    signerPosition: d.signerPosition, pages: d.pages === null ? '' : String(d.pages), urgency: d.urgency, confidentiality: d.confidentiality, deadline: d.deadline ?? '', notes: d.notes,
  };
}

/** The changed fields as the API takes them (a page count is a number, an empty deadline none). */
function patchOf(v: Values, changed: Field[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of changed) out[k] = k === 'pages' ? (v.pages.trim() === '' ? null : Number(v.pages)) : k === 'deadline' ? v.deadline || null : v[k];
  return out;
}

const updateInput = documentsMethods['documents.update'].input;

interface Merge {
  /** Fields both people changed, with what the other person saved (what was typed here is kept). */
  both: { field: Field; theirs: string }[];
  /** Fields only the other person changed: taken into the form. */
  taken: Field[];
}

export function EditIncomingDialog({ doc, onClose, onChanged }: { doc: DocumentView; onClose: () => void; onChanged: (d: DocumentView) => void }) {
  const { t } = useTranslation();
  const { call } = useApp();
  const [base, setBase] = useState(doc);
  const [v, setV] = useState<Values>(() => valuesOf(doc));
  const [merge, setMerge] = useState<Merge | null>(null);
  const { setErrors, err } = useStepErrors();
  const label = (f: Field) => t(`docs.form.${f === 'typeCode' ? 'type' : f}`);
  const set = (k: Field) => (value: string) => setV((old) => ({ ...old, [k]: value }));

  async function save(): Promise<void> {
    setErrors({});
    const before = valuesOf(base);
    const changed = FIELDS.filter((k) => v[k].trim() !== before[k].trim());
    if (changed.length === 0) throw new DialogMessage(t('docs.edit.nothingChanged'));
    const patch = patchOf(v, changed);
    const checked = updateInput.safeParse({ id: base.id, version: base.version, ...patch });
    if (!checked.success) {
      const fe = fieldErrorsFromZod(checked.error);
      // An emptied date is "required", not "wrong format"; a page count that is not a number is invalid.
      for (const k of ['dateIssued'] as const) if (fe[k] === 'date.format' && !v[k]) fe[k] = 'required';
      if (fe.pages) fe.pages = 'pages.invalid';
      setErrors(fe);
      throw new DialogMessage(t('docs.actions.fixErrors'));
    }
    try {
      const r = await call('documents.update', { id: base.id, version: base.version, ...patch });
      onChanged(r.document);
    } catch (e) {
      if (isAppError(e) && e.code === 'CONFLICT') throw new DialogMessage(await takeTheirs(before));
      const fe = fieldErrorsFromError(e);
      // The arrival date is not edited here: its complaint (arrived before issue) concerns the date of issue.
      if (fe.arrivalAt && !fe.dateIssued) fe.dateIssued = fe.arrivalAt;
      setErrors(fe);
      throw e;
    }
  }

  /** Someone saved first: merge their version into the form and say what happened. */
  async function takeTheirs(before: Values): Promise<string> {
    const { document: fresh } = await call('documents.get', { id: base.id });
    const theirs = valuesOf(fresh);
    const next = { ...v };
    const found: Merge = { both: [], taken: [] };
    for (const k of FIELDS) {
      if (theirs[k] === before[k]) continue;
      if (v[k] === before[k]) {
        next[k] = theirs[k];
        found.taken.push(k);
      } else if (v[k] !== theirs[k]) found.both.push({ field: k, theirs: theirs[k] });
    }
    setV(next);
    setBase(fresh);
    setMerge(found);
    return t('docs.edit.conflict');
  }

  const typeOptions = DOCUMENT_TYPES.map((d) => ({ value: d.code, label: d.name }));
  const conflictHint = (f: Field) => {
    const c = merge?.both.find((b) => b.field === f);
    return c ? t('docs.edit.theirValue', { value: c.theirs || t('docs.edit.empty') }) : undefined;
  };
  return (
    <ActionDialog title={t('docs.edit.title')} submitLabel={t('docs.edit.save')} onClose={onClose} onSubmit={save} onFieldErrors={setErrors} wide>
      {merge && (merge.both.length > 0 || merge.taken.length > 0) && (
        <div className="notice notice--info" data-testid="edit-merge">
          {merge.both.length > 0 && <p>{t('docs.edit.bothChanged', { fields: merge.both.map((b) => label(b.field)).join(', ') })}</p>}
          {merge.taken.length > 0 && <p>{t('docs.edit.taken', { fields: merge.taken.map(label).join(', ') })}</p>}
        </div>
      )}
      <div className="form-grid">
        <TextField id="edit-notation" label={label('numberNotation')} value={v.numberNotation} onChange={set('numberNotation')} required error={err('numberNotation')} hint={conflictHint('numberNotation') ?? t('docs.form.numberNotationHint')} autoComplete="off" />
        <TextField id="edit-issuer" label={label('issuerName')} value={v.issuerName} onChange={set('issuerName')} required error={err('issuerName')} hint={conflictHint('issuerName')} />
        <TextField id="edit-issuer-code" label={label('issuerCode')} value={v.issuerCode} onChange={set('issuerCode')} error={err('issuerCode')} hint={conflictHint('issuerCode')} />
        <SelectField id="edit-type" label={label('typeCode')} value={v.typeCode} onChange={set('typeCode')} options={typeOptions} error={err('typeCode') ?? conflictHint('typeCode')} />
        <TextField id="edit-date" type="date" label={label('dateIssued')} value={v.dateIssued} onChange={set('dateIssued')} required error={err('dateIssued')} hint={conflictHint('dateIssued')} max={todayYmd()} />
        <TextField id="edit-deadline" type="date" label={label('deadline')} value={v.deadline} onChange={set('deadline')} error={err('deadline')} hint={conflictHint('deadline')} />
        <div className="span-2">
          <TextArea id="edit-subject" label={label('subject')} value={v.subject} onChange={set('subject')} required error={err('subject') ?? conflictHint('subject')} />
        </div>
        <TextField id="edit-signer" label={label('signer')} value={v.signer} onChange={set('signer')} error={err('signer')} hint={conflictHint('signer')} />
        <TextField id="edit-signer-pos" label={label('signerPosition')} value={v.signerPosition} onChange={set('signerPosition')} error={err('signerPosition')} hint={conflictHint('signerPosition')} />
        <SelectField id="edit-urgency" label={label('urgency')} value={v.urgency} onChange={set('urgency')} options={URGENCIES.map((u) => ({ value: u, label: t(`docs.urgency.${u}`) }))} error={conflictHint('urgency')} />
        <SelectField id="edit-conf" label={label('confidentiality')} value={v.confidentiality} onChange={set('confidentiality')} options={CONFIDENTIALITIES.map((c) => ({ value: c, label: t(`docs.confidentiality.${c}`) }))} error={conflictHint('confidentiality')} />
        <TextField id="edit-pages" type="number" min={1} label={label('pages')} value={v.pages} onChange={set('pages')} error={err('pages')} hint={conflictHint('pages')} />
        <TextField id="edit-notes" label={label('notes')} value={v.notes} onChange={set('notes')} error={err('notes')} hint={conflictHint('notes')} />
      </div>
    </ActionDialog>
  );
}
