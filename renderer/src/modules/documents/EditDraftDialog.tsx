import { useTranslation } from 'react-i18next';
import { CONFIDENTIALITIES, DOCUMENT_TYPES, URGENCIES, documentsMethods, type DocumentView } from '../../../../shared/api/documents';
import { useApp } from '../../app/context';
import { SelectField, TextField } from '../../ui/Field';
import { fieldErrorsFromZod } from '../../ui/errors';
import { ActionDialog, TextArea } from './ActionDialog';
import { MergeNotice, useDetailsForm } from './detailsForm';

// The drafter changes a draft's type, subject, urgency, confidentiality, intended recipients or
// deadline until it goes for approval (outgoing.updateDraft, with the same conflict handling as
// the incoming details).

const FIELDS = ['typeCode', 'subject', 'urgency', 'confidentiality', 'recipients', 'deadline'] as const;
type Field = (typeof FIELDS)[number];

const valuesOf = (d: DocumentView): Record<Field, string> => ({ typeCode: d.typeCode, subject: d.subject, urgency: d.urgency, confidentiality: d.confidentiality, recipients: d.recipients, deadline: d.deadline ?? '' });

function patchOf(v: Record<Field, string>, changed: Field[]): Record<string, unknown> {
  return Object.fromEntries(changed.map((k) => [k, k === 'deadline' ? v.deadline || null : v[k]]));
}

const LABELS: Record<Field, string> = { typeCode: 'docs.outgoing.typeCode', subject: 'docs.outgoing.subject', urgency: 'docs.form.urgency', confidentiality: 'docs.form.confidentiality', recipients: 'docs.outgoing.recipients', deadline: 'docs.outgoing.deadline' };
const updateInput = documentsMethods['outgoing.updateDraft'].input;

export function EditDraftDialog({ doc, onClose, onChanged }: { doc: DocumentView; onClose: () => void; onChanged: (d: DocumentView) => void }) {
  const { t } = useTranslation();
  const { call } = useApp();
  const label = (f: Field) => t(LABELS[f]);
  const { v, set, merge, theirValue, err, setErrors, submit } = useDetailsForm<Field>({
    doc,
    fields: FIELDS,
    valuesOf,
    patchOf,
    check: (base, patch) => {
      const checked = updateInput.safeParse({ id: base.id, version: base.version, ...patch });
      return checked.success ? null : fieldErrorsFromZod(checked.error);
    },
    send: (base, patch) => call('outgoing.updateDraft', { id: base.id, version: base.version, ...patch }).then((r) => r.document),
    onChanged,
  });
  return (
    <ActionDialog title={t('docs.outgoing.editDraft')} submitLabel={t('docs.edit.save')} onClose={onClose} onSubmit={submit} onFieldErrors={setErrors} wide>
      <MergeNotice merge={merge} label={label} />
      <div className="form-grid">
        <SelectField id="draft-edit-type" label={label('typeCode')} value={v.typeCode} onChange={set('typeCode')} options={DOCUMENT_TYPES.map((d) => ({ value: d.code, label: d.name }))} error={err('typeCode') ?? theirValue('typeCode')} />
        <TextField id="draft-edit-deadline" type="date" label={label('deadline')} value={v.deadline} onChange={set('deadline')} error={err('deadline')} hint={theirValue('deadline')} />
        <div className="span-2">
          <TextArea id="draft-edit-subject" label={label('subject')} value={v.subject} onChange={set('subject')} required error={err('subject') ?? theirValue('subject')} />
        </div>
        <SelectField id="draft-edit-urgency" label={label('urgency')} value={v.urgency} onChange={set('urgency')} options={URGENCIES.map((u) => ({ value: u, label: t(`docs.urgency.${u}`) }))} error={theirValue('urgency')} />
        <SelectField id="draft-edit-conf" label={label('confidentiality')} value={v.confidentiality} onChange={set('confidentiality')} options={CONFIDENTIALITIES.map((c) => ({ value: c, label: t(`docs.confidentiality.${c}`) }))} error={theirValue('confidentiality')} />
        <TextField id="draft-edit-recipients" className="span-2" label={label('recipients')} value={v.recipients} onChange={set('recipients')} error={err('recipients')} hint={theirValue('recipients')} />
      </div>
    </ActionDialog>
  );
}
