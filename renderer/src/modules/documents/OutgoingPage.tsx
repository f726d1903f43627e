import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CONFIDENTIALITIES, DOCUMENT_TYPES, OUTGOING_STATUSES, URGENCIES, type DocumentSummary } from '../../../../shared/api/documents';
import { useApp } from '../../app/context';
import { navigate } from '../../app/router';
import { Notice, SelectField, TextField } from '../../ui/Field';
import { fieldErrorsFromError, type FieldErrors } from '../../ui/errors';
import { PageHeader } from '../../ui/PageHeader';
import { useLoad } from '../../ui/useLoad';
import { TextArea } from './ActionDialog';
import { ConfidentialityBadge, OverdueFlag, StatusBadge, UrgencyBadge } from './common';
import { DocumentDetail } from './DocumentDetail';

import { InboxList } from './InboxPage';
import { SearchPage } from '../search/SearchPage';

import { type Column } from './DocumentTable';
import { pickFile, type PickedFile } from './files';
import { setFlash } from './flash';
import { docErrorMessage, docFieldMessage, formatYmd } from './format';
import { RegisterList } from './RegisterList';

/** Văn bản đi: `/` the list, `/new[?replyTo=id|?corrects=id]` a new draft, `/doc/<id>` one document. */
export function OutgoingPage({ subpath }: { subpath: string }) {
  const doc = /^\/doc\/(\d+)(?:\?from=(inbox|search))?/.exec(subpath);
  if (doc) return <DocumentDetail key={doc[1]} id={Number(doc[1])} backHref={`#/outgoing${doc[2] ? `/${doc[2]}` : ''}`} />;
  if (subpath.startsWith('/inbox')) return <InboxList prefix="outgoing" />;
  if (subpath.startsWith('/search')) return <SearchPage prefix="outgoing" />;
  if (subpath.startsWith('/new')) {
    const reply = /[?&]replyTo=(\d+)/.exec(subpath);
    const corrects = /[?&]corrects=(\d+)/.exec(subpath);
    return <DraftForm key={subpath} replyToId={reply ? Number(reply[1]) : null} correctsId={corrects ? Number(corrects[1]) : null} />;
  }
  return <OutgoingList />;
}

function OutgoingList() {
  const { t } = useTranslation();
  const columns = useMemo<Column[]>(
    () => [
      { key: 'notation', header: t('docs.col.numberNotation'), width: 'minmax(120px, 1fr)', render: (d: DocumentSummary) => (d.numberNotation ? <strong className="nowrap">{d.numberNotation}</strong> : <span className="muted">—</span>) },
      { key: 'date', header: t('docs.col.dateIssued'), width: '104px', render: (d: DocumentSummary) => formatYmd(d.dateIssued) },
      { key: 'type', header: t('docs.col.type'), width: '110px', render: (d: DocumentSummary) => DOCUMENT_TYPES.find((x) => x.code === d.typeCode)?.name ?? d.typeCode },
      {
        key: 'subject',
        header: t('docs.col.subject'),
        width: 'minmax(260px, 3fr)',
        render: (d: DocumentSummary) => (
          <span className="doc-subject">
            <UrgencyBadge urgency={d.urgency} />
            <ConfidentialityBadge confidentiality={d.confidentiality} />
            <span className="doc-clamp" title={d.subject}>
              {d.subject}
            </span>
          </span>
        ),
      },
      { key: 'deadline', header: t('docs.col.deadline'), width: '104px', render: (d: DocumentSummary) => (d.deadline ? <span className="doc-deadline">{formatYmd(d.deadline)}{d.overdue && <OverdueFlag />}</span> : null) },
      { key: 'status', header: t('docs.col.status'), width: '126px', render: (d: DocumentSummary) => <StatusBadge status={d.status} /> },
    ],
    [t],
  );
  return (
    <RegisterList
      direction="outgoing"
      title={t('docs.outgoing.title')}
      tableLabel={t('docs.outgoing.title')}
      create={{ href: '#/outgoing/new', label: t('docs.outgoing.newDraft'), permission: 'documents.draft' }}
      statuses={OUTGOING_STATUSES}
      columns={columns}
    />
  );
}

function DraftForm({ replyToId, correctsId }: { replyToId: number | null; correctsId: number | null }) {
  const { t, i18n } = useTranslation();
  const { call, session } = useApp();
  const replyTo = useLoad(() => (replyToId ? call('documents.get', { id: replyToId }).then((r) => r.document) : Promise.resolve(null)), [call, replyToId]);
  const corrected = useLoad(() => (correctsId ? call('documents.get', { id: correctsId }).then((r) => r.document) : Promise.resolve(null)), [call, correctsId]);
  const [typeCode, setTypeCode] = useState('CV');
  const [subject, setSubject] = useState('');
  const [urgency, setUrgency] = useState<string>('normal');
  const [confidentiality, setConfidentiality] = useState<string>('normal');
  const [recipients, setRecipients] = useState('');
  const [deadline, setDeadline] = useState('');
  const [note, setNote] = useState('');
  const [file, setFile] = useState<PickedFile | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const err = (k: string) => docFieldMessage(t, errors[k]);

  // A correction starts from what it corrects: a subject naming it and the same confidentiality.
  const original = corrected.data;
  useEffect(() => {
    if (!original) return;
    const type = DOCUMENT_TYPES.find((d) => d.code === original.typeCode)?.name ?? original.typeCode;
    setSubject((s) => s || t('docs.outgoing.correctionSubject', { type, number: original.numberNotation ?? '', date: formatYmd(original.dateIssued) }));
    setConfidentiality(original.confidentiality);
  }, [original, t]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!subject.trim()) {
      setErrors({ subject: 'required' });
      setFailure(t('docs.actions.fixErrors'));
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const r = await call('outgoing.createDraft', {
        typeCode,
        subject,
        unitId: session.user.unitId,
        urgency: urgency as (typeof URGENCIES)[number],
        confidentiality: confidentiality as (typeof CONFIDENTIALITIES)[number],
        recipients,
        deadline: deadline || null,
        replyToId,
        correctsId,
        note,
        ...(file && { file: { fileName: file.fileName, contentBase64: file.contentBase64 } }),
      });
      setFlash({ kind: 'success', text: t('docs.actions.done') });
      navigate(`/outgoing/doc/${r.document.id}`);
    } catch (e2) {
      const fe = fieldErrorsFromError(e2);
      setErrors(fe);
      setFailure(Object.keys(fe).length ? t('docs.actions.fixErrors') : docErrorMessage(t, i18n.language, e2));
      setBusy(false);
    }
  }

  return (
    <div className="page">
      <PageHeader title={t('docs.outgoing.draftTitle')} />
      <form className="card doc-form" onSubmit={(e) => void submit(e)} noValidate>
        {replyTo.data && <Notice kind="info">{t('docs.outgoing.replyTo', { title: `${replyTo.data.numberNotation ?? ''} ${replyTo.data.subject}`.trim() })}</Notice>}
        {corrected.data && <Notice kind="info">{t('docs.outgoing.correcting', { title: `${corrected.data.numberNotation ?? ''} ${corrected.data.subject}`.trim() })}</Notice>}
        {failure && <Notice kind="error">{failure}</Notice>}
        <div className="form-grid">
          <SelectField id="draft-type" label={t('docs.outgoing.typeCode')} value={typeCode} onChange={setTypeCode} options={DOCUMENT_TYPES.map((d) => ({ value: d.code, label: d.name }))} error={err('typeCode')} />
          <TextField id="draft-deadline" type="date" label={t('docs.outgoing.deadline')} value={deadline} onChange={setDeadline} error={err('deadline')} />
          <div className="span-2">
            <TextArea id="draft-subject" label={t('docs.outgoing.subject')} value={subject} onChange={setSubject} required error={err('subject')} />
          </div>
          <SelectField id="draft-urgency" label={t('docs.form.urgency')} value={urgency} onChange={setUrgency} options={URGENCIES.map((u) => ({ value: u, label: t(`docs.urgency.${u}`) }))} />
          <SelectField id="draft-conf" label={t('docs.form.confidentiality')} value={confidentiality} onChange={setConfidentiality} options={CONFIDENTIALITIES.map((c) => ({ value: c, label: t(`docs.confidentiality.${c}`) }))} />
          <TextField id="draft-recipients" className="span-2" label={t('docs.outgoing.recipients')} value={recipients} onChange={setRecipients} error={err('recipients')} />
          <div className="field">
            <label htmlFor="draft-file">{t('docs.outgoing.file')}</label>
            <input id="draft-file" type="file" accept=".pdf,application/pdf,.doc,.docx,.odt" onChange={(e) => e.target.files?.[0] && void pickFile(e.target.files[0]).then(setFile)} />
          </div>
          <TextField id="draft-note" label={t('docs.outgoing.note')} value={note} onChange={setNote} />
        </div>
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => navigate('/outgoing')}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {t('docs.outgoing.create')}
          </button>
        </div>
      </form>
    </div>
  );
}
