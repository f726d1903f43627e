import { useTranslation } from 'react-i18next';
import { CONFIDENTIALITIES, DOCUMENT_TYPES, URGENCIES, documentsMethods, type DocumentView } from '../../../../shared/api/documents';
import { useApp } from '../../app/context';
import { SelectField, TextField } from '../../ui/Field';
import { fieldErrorsFromZod } from '../../ui/errors';
import { ActionDialog, TextArea } from './ActionDialog';
import { MergeNotice, useDetailsForm } from './detailsForm';
import { todayYmd } from './format';

// Sửa thông tin: the clerk corrects what was registered for an incoming document (before it is
// filed). The save carries the version the form was opened on; when someone else saved first the
// core refuses it (CONFLICT) and nothing typed here is lost (see detailsForm.tsx).

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

export function EditIncomingDialog({ doc, onClose, onChanged }: { doc: DocumentView; onClose: () => void; onChanged: (d: DocumentView) => void }) {
  const { t } = useTranslation();
  const { call } = useApp();
  const label = (f: Field) => t(`docs.form.${f === 'typeCode' ? 'type' : f}`);
  const { v, set, merge, theirValue: conflictHint, err, setErrors, submit } = useDetailsForm<Field>({
    doc,
    fields: FIELDS,
    valuesOf,
    patchOf,
    check: (base, patch, values) => {
      const checked = updateInput.safeParse({ id: base.id, version: base.version, ...patch });
      if (checked.success) return null;
      const fe = fieldErrorsFromZod(checked.error);
      // An emptied date is "required", not "wrong format"; a page count that is not a number is invalid.
      if (fe.dateIssued === 'date.format' && !values.dateIssued) fe.dateIssued = 'required';
      if (fe.pages) fe.pages = 'pages.invalid';
      return fe;
    },
    send: (base, patch) => call('documents.update', { id: base.id, version: base.version, ...patch }).then((r) => r.document),
    // The arrival date is not edited here: its complaint (arrived before issue) concerns the date of issue.
    placeErrors: (fe) => {
      if (fe.arrivalAt && !fe.dateIssued) fe.dateIssued = fe.arrivalAt;
    },
    onChanged,
  });

  const typeOptions = DOCUMENT_TYPES.map((d) => ({ value: d.code, label: d.name }));
  return (
    <ActionDialog title={t('docs.edit.title')} submitLabel={t('docs.edit.save')} onClose={onClose} onSubmit={submit} onFieldErrors={setErrors} wide>
      <MergeNotice merge={merge} label={label} />
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
