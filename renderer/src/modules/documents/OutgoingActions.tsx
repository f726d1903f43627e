import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentView, RegisterView } from '../../../../shared/api/documents';
import type { UnitView, UserView } from '../../../../shared/api/schemas';
import { useApp } from '../../app/context';
import { navigate } from '../../app/router';
import { CheckboxField, SelectField, TextField } from '../../ui/Field';
import { SignActions } from '../signing/SignActions';
import { RecipientPicker } from '../exchange/RecipientPicker';
import { ActionDialog, PeoplePicker, TextArea } from './ActionDialog';
import { EditDraftDialog } from './EditDraftDialog';
import { ActionBar, peopleOf, useDocActor, useOpenStep, useStepErrors, userOptions } from './actionKit';
import { pickFile, type PickedFile } from './files';
import { formatInstant, todayYmd } from './format';

type Kind = 'addVersion' | 'submitForApproval' | 'comment' | 'approve' | 'reject' | 'registerOut' | 'release' | 'editDraft' | 'cancel';

/** Steps on an outgoing document: draft versions, approval chain, numbering and release. */
export function OutgoingActions({ doc, users, onChanged, onReload }: { doc: DocumentView; users: UserView[]; onChanged: (d: DocumentView) => void; onReload: () => Promise<void> }) {
  const { t } = useTranslation();
  const { me, can } = useDocActor();
  const [open, setOpen] = useOpenStep<Kind>();
  const pending = doc.approvals.find((a) => a.status === 'pending');

  const available: Kind[] = [];
  if (doc.status === 'draft' && doc.handlerId === me && can('documents.draft')) available.push('submitForApproval', 'addVersion', 'editDraft');
  if (doc.status === 'in_review' && pending?.userId === me) available.push('approve', 'reject');
  if (['approved', 'signed'].includes(doc.status) && can('documents.register')) available.push('registerOut');
  if (doc.status === 'numbered' && can('documents.release')) available.push('release');
  if (!['released', 'cancelled'].includes(doc.status)) available.push('comment');
  // The clerk withdraws a document that will not be released; a number it got stays, marked cancelled.
  if (!['released', 'cancelled'].includes(doc.status) && can('documents.register')) available.push('cancel');

  return (
    <ActionBar available={available} primary={['submitForApproval', 'approve', 'registerOut', 'release']} label={(k) => t(`docs.outgoing.${k}`)} onOpen={setOpen}>
      {/* A released document never changes: a correction is a new draft that refers to it. */}
      {doc.status === 'released' && can('documents.draft') && (
        <button type="button" className="btn" onClick={() => navigate(`/outgoing/new?corrects=${doc.id}`)}>
          {t('docs.outgoing.correct')}
        </button>
      )}
      <SignActions doc={doc} onChanged={onChanged} />
      {open === 'editDraft' && <EditDraftDialog doc={doc} onClose={() => setOpen(null)} onChanged={onChanged} />}
      {open && open !== 'editDraft' && <OutgoingDialog kind={open} doc={doc} users={users} onClose={() => setOpen(null)} onChanged={onChanged} onReload={onReload} />}
    </ActionBar>
  );
}

function OutgoingDialog({ kind, doc, users, onClose, onChanged, onReload }: { kind: Exclude<Kind, 'editDraft'>; doc: DocumentView; users: UserView[]; onClose: () => void; onChanged: (d: DocumentView) => void; onReload: () => Promise<void> }) {
  const { t } = useTranslation();
  const { call } = useApp();
  const [text, setText] = useState('');
  const [approver, setApprover] = useState('');
  const [reviewer, setReviewer] = useState('');
  const [file, setFile] = useState<PickedFile | null>(null);
  const [registers, setRegisters] = useState<RegisterView[]>([]);
  const [registerId, setRegisterId] = useState('');
  const [dateIssued, setDateIssued] = useState(todayYmd());
  const [withUnit, setWithUnit] = useState(false);
  const [units, setUnits] = useState<UnitView[]>([]);
  const [unitIds, setUnitIds] = useState<number[]>([]);
  const [agencies, setAgencies] = useState<{ agencyCode: string; name: string }[]>([]);
  const { errors, setErrors, err, need } = useStepErrors();
  const ref = { id: doc.id, version: doc.version };
  const { active, leaders } = peopleOf(users);
  const pick = (list: UserView[], empty?: string) => userOptions(t, list, empty);

  useEffect(() => {
    if (kind === 'registerOut')
      void call('registers.list', { direction: 'outgoing' }).then((r) => {
        const usable = r.registers.filter((x) => x.active && (!x.typeCode || x.typeCode === doc.typeCode));
        setRegisters(usable);
        setRegisterId((cur) => cur || (usable[0] ? String(usable[0].id) : ''));
      });
    if (kind === 'release') void call('agency.get', {}).then((r) => setUnits(r.units));
  }, [kind, call, doc.typeCode]);

  async function submit(): Promise<void> {
    setErrors({});
    let r: { document: DocumentView };
    switch (kind) {
      case 'addVersion':
        need(file !== null, 'file');
        r = await call('outgoing.addVersion', { ...ref, file: { fileName: file!.fileName, contentBase64: file!.contentBase64 }, note: text });
        break;
      case 'submitForApproval':
        need(approver !== '', 'approver');
        r = await call('outgoing.submitForApproval', { ...ref, steps: [...(reviewer ? [{ kind: 'review' as const, userId: Number(reviewer) }] : []), { kind: 'approve' as const, userId: Number(approver) }] });
        break;
      case 'comment':
        need(text.trim() !== '', 'body');
        r = await call('outgoing.comment', { id: doc.id, body: text });
        break;
      case 'approve':
        r = await call('outgoing.approve', { ...ref, comment: text });
        break;
      case 'reject':
        need(text.trim() !== '', 'reason');
        r = await call('outgoing.reject', { ...ref, reason: text });
        break;
      case 'cancel':
        need(text.trim() !== '', 'reason');
        r = await call('documents.cancel', { ...ref, reason: text });
        break;
      case 'registerOut':
        need(registerId !== '', 'registerId');
        r = await call('outgoing.register', { ...ref, registerId: Number(registerId), dateIssued, withUnit });
        break;
      case 'release': {
        const recipients = [...unitIds.map((unitId) => ({ kind: 'unit' as const, unitId })), ...agencies.map((a) => ({ kind: 'agency' as const, ...a }))];
        need(recipients.length > 0, 'recipients');
        r = await call('outgoing.release', { ...ref, recipients });
        break;
      }
    }
    onChanged(r.document);
  }

  const title = t(`docs.outgoing.${kind}`);
  return (
    <ActionDialog title={title} submitLabel={title} onClose={onClose} onSubmit={submit} onFieldErrors={setErrors} onConflict={onReload} wide={kind === 'release'} danger={kind === 'cancel'}>
      {kind === 'addVersion' && (
        <>
          <div className={`field${errors.file ? ' field--invalid' : ''}`}>
            <label htmlFor="out-file">{t('docs.outgoing.file')}</label>
            <input id="out-file" type="file" accept=".pdf,application/pdf,.doc,.docx,.odt" onChange={(e) => e.target.files?.[0] && void pickFile(e.target.files[0]).then(setFile)} />
            {errors.file && <p className="field__error">{err('file')}</p>}
          </div>
          <TextArea id="out-note" label={t('docs.outgoing.note')} value={text} onChange={setText} />
        </>
      )}
      {kind === 'submitForApproval' && (
        <>
          <SelectField id="out-reviewer" label={t('docs.outgoing.reviewer')} value={reviewer} onChange={setReviewer} options={pick(active.filter((u) => u.id !== doc.handlerId), t('common.none'))} />
          <SelectField id="out-approver" label={t('docs.outgoing.approver')} value={approver} onChange={setApprover} options={pick(leaders)} error={err('approver') ?? err('steps.0.userId')} />
        </>
      )}
      {kind === 'comment' && <TextArea id="out-body" label={t('docs.actions.body')} value={text} onChange={setText} required error={err('body')} rows={4} />}
      {kind === 'approve' && <TextArea id="out-comment" label={t('docs.actions.note_')} value={text} onChange={setText} />}
      {kind === 'cancel' && <p className="muted">{t(doc.numberNotation ? 'docs.outgoing.cancelNumbered' : 'docs.outgoing.cancelDraft', { number: doc.numberNotation })}</p>}
      {(kind === 'reject' || kind === 'cancel') && <TextArea id="out-reason" label={t('docs.actions.reason')} value={text} onChange={setText} required error={err('reason')} />}
      {kind === 'registerOut' && (
        <>
          <SelectField id="out-register" label={t('docs.outgoing.register')} value={registerId} onChange={setRegisterId} options={registers.map((r) => ({ value: String(r.id), label: `${r.name} (${r.lastNumber + 1})` }))} error={err('registerId')} />
          <TextField id="out-date" type="date" label={t('docs.outgoing.dateIssued')} value={dateIssued} onChange={setDateIssued} error={err('dateIssued')} />
          <CheckboxField id="out-with-unit" label={t('docs.outgoing.withUnit')} checked={withUnit} onChange={setWithUnit} />
          {errors.withUnit && <p className="field__error">{err('withUnit')}</p>}
        </>
      )}
      {kind === 'release' && (
        <>
          <PeoplePicker id="out-units" label={t('docs.outgoing.units')} people={units.map((u) => ({ id: u.id, fullName: u.name, title: u.code }))} selected={unitIds} onChange={setUnitIds} />
          <RecipientPicker selected={agencies} onChange={setAgencies} confidentiality={doc.confidentiality} />
          {errors.recipients && <p className="field__error">{t('docs.outgoing.noRecipients')}</p>}
        </>
      )}
    </ActionDialog>
  );
}

/** Versions, approval chain and release list of an outgoing document. */
export function OutgoingPanels({ doc, userName }: { doc: DocumentView; userName: (id: number | null) => string | undefined }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <section className="doc-section" aria-labelledby="versions-title">
        <h2 id="versions-title">{t('docs.outgoing.versions')}</h2>
        {doc.draftVersions.length === 0 ? (
          <p className="muted">{t('docs.outgoing.noVersions')}</p>
        ) : (
          <ol className="doc-versions">
            {doc.draftVersions.map((v) => (
              <li key={v.versionNo}>
                <strong>{t('docs.outgoing.version', { n: v.versionNo })}</strong> <span className="muted">{formatInstant(v.createdAt, i18n.language)}</span>
                {v.note && <p>{v.note}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="doc-section" aria-labelledby="approvals-title">
        <h2 id="approvals-title">{t('docs.outgoing.approvals')}</h2>
        {doc.approvals.length === 0 ? (
          <p className="muted">{t('docs.outgoing.noApprovals')}</p>
        ) : (
          <ol className="doc-approvals">
            {doc.approvals.map((a) => (
              <li key={a.id} className={`doc-approvals__step doc-approvals__step--${a.status}`}>
                <span>{t(`docs.outgoing.step.${a.kind}`)}</span> <strong>{userName(a.userId) ?? `#${a.userId}`}</strong>{' '}
                <span className="badge badge--muted">{t(`docs.outgoing.approvalStatus.${a.status}`, { defaultValue: a.status })}</span>
                {a.comment && <p>{a.comment}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>
      {doc.releaseRecipients.length > 0 && (
        <section className="doc-section" aria-labelledby="release-title">
          <h2 id="release-title">{t('docs.outgoing.releaseList')}</h2>
          {doc.releasedAt && <p className="muted">{t('docs.outgoing.released', { date: formatInstant(doc.releasedAt, i18n.language) })}</p>}
          <ul className="doc-recipients">
            {doc.releaseRecipients.map((r, i) => (
              <li key={i}>
                {r.name} {r.agencyCode && <span className="muted mono">{r.agencyCode}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
