import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DOCUMENT_TYPES, type DocumentView } from '../../../../shared/api/documents';
import { useApp } from '../../app/context';
import { Notice } from '../../ui/Field';
import { Attachments } from './Attachments';
import { ConfidentialityBadge, OverdueFlag, StatusBadge, UrgencyBadge, useUsers } from './common';
import { takeFlash } from './flash';
import { docErrorMessage, formatInstant, formatInstantDate, formatYmd } from './format';
import { IncomingActions } from './IncomingActions';
import { OutgoingActions, OutgoingPanels } from './OutgoingActions';
import { Related } from './Related';
import { Timeline, useTimeline } from './Timeline';
import { ExchangeTimeline } from '../exchange/ExchangeTimeline';
import { SignaturePanel, SignatureVerdict } from '../signing/SignaturePanel';

function Row({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** One document: its details, the steps the user may take, assignments, notes, history and files. */
export function DocumentDetail({ id, backHref }: { id: number; backHref: string }) {
  const { t, i18n } = useTranslation();
  const { call, session } = useApp();
  const people = useUsers(call);
  const [doc, setDoc] = useState<DocumentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [flash, setFlashState] = useState(() => takeFlash());
  const [tick, setTick] = useState(0);
  const history = useTimeline(id, tick);

  useEffect(() => {
    let live = true;
    call('documents.get', { id }).then(
      (r) => {
        if (!live) return;
        setDoc(r.document);
        // Someone given the document "for information" has read it once they open it.
        if (r.document.assignments.some((a) => a.userId === session.user.id && a.role === 'info' && a.status === 'active')) void call('documents.markRead', { id }).catch(() => {});
      },
      (e: unknown) => live && setError(docErrorMessage(t, i18n.language, e)),
    );
    return () => {
      live = false;
    };
  }, [call, id, session.user.id, t, i18n.language]);

  const changed = useCallback((d: DocumentView) => {
    setDoc(d);
    setTick((n) => n + 1);
    setFlashState({ kind: 'success', text: t('docs.actions.done') });
  }, [t]);
  // After a refused step (someone changed it meanwhile): the new version, without a success message.
  const reload = useCallback(async () => {
    const r = await call('documents.get', { id });
    setDoc(r.document);
    setTick((n) => n + 1);
  }, [call, id]);

  if (error) return <div className="page"><Notice kind="error">{error}</Notice></div>;
  if (!doc) return <div className="page" role="status">{t('app.loading')}</div>;

  const typeName = DOCUMENT_TYPES.find((d) => d.code === doc.typeCode)?.name ?? doc.typeCode;
  const userName = (uid: number | null) => (uid === null ? undefined : people.byId.get(uid)?.fullName);
  const title = doc.numberNotation ? `${typeName} ${doc.numberNotation}` : `${typeName}: ${doc.subject}`;
  const direction = doc.comments.find((c) => c.kind === 'direction');
  // Sent back and not directed since: whoever has it now sees why first.
  const lastStep = [...doc.comments].reverse().find((c) => c.kind === 'return' || c.kind === 'direction');
  const returned = doc.direction === 'incoming' && ['returned', 'submitted'].includes(doc.status) && lastStep?.kind === 'return' ? lastStep : null;
  return (
    <div className="doc-page">
      <header className="doc-page__header">
        <a className="doc-back" href={backHref}>
          ← {t('docs.detail.back')}
        </a>
        <div className="doc-page__title-row">
          <h1 tabIndex={-1} className="page__title doc-page__title">
            {title}
          </h1>
          <StatusBadge status={doc.status} />
          <UrgencyBadge urgency={doc.urgency} />
          <ConfidentialityBadge confidentiality={doc.confidentiality} />
          {doc.overdue && <OverdueFlag />}
          <SignatureVerdict documentId={doc.id} refreshKey={tick} />
        </div>
        <p className="doc-page__subject">{doc.subject}</p>
      </header>
      {flash && (
        <Notice kind={flash.kind}>
          {flash.text}
          {flash.lines && (
            <ul>
              {flash.lines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          )}
        </Notice>
      )}
      {doc.status === 'released' && <Notice kind="info">{t('docs.detail.readOnly')}</Notice>}
      {returned && <Notice kind="info">{t('docs.detail.returnedBecause', { name: returned.author, date: formatInstant(returned.createdAt, i18n.language), reason: returned.body })}</Notice>}
      <div className="doc-page__grid">
        <div className="doc-page__side">
          {doc.direction === 'incoming' ? <IncomingActions doc={doc} users={people.users} onChanged={changed} onReload={reload} /> : <OutgoingActions doc={doc} users={people.users} onChanged={changed} onReload={reload} />}
          <section className="doc-section" aria-labelledby="meta-title">
            <h2 id="meta-title">{t('docs.detail.metadata')}</h2>
            <dl className="doc-meta">
              {doc.direction === 'incoming' && (
                <Row label={t('docs.col.arrivalNumber')}>{doc.arrivalNumber !== null ? `${doc.arrivalNumberText ?? doc.arrivalNumber} · ${formatInstantDate(doc.arrivalAt, i18n.language)}` : null}</Row>
              )}
              <Row label={t('docs.col.numberNotation')}>{doc.numberNotation}</Row>
              <Row label={t('docs.col.type')}>{typeName}</Row>
              <Row label={t('docs.col.issuer')}>{doc.issuerName}</Row>
              <Row label={t('docs.col.dateIssued')}>{formatYmd(doc.dateIssued)}</Row>
              <Row label={t('docs.detail.signer')}>{[doc.signer, doc.signerPosition].filter(Boolean).join(' — ')}</Row>
              <Row label={t('docs.col.recipients')}>{doc.recipients}</Row>
              <Row label={t('docs.col.deadline')}>{doc.deadline ? formatYmd(doc.deadline) : null}</Row>
              <Row label={t('docs.detail.pages')}>{doc.pages ?? null}</Row>
              <Row label={t('docs.detail.leaderDirection')}>{direction?.body}</Row>
              <Row label={t('docs.detail.result')}>{doc.result}</Row>
              <Row label={t('docs.detail.dossier')}>{doc.dossierRef}</Row>
              <Row label={t('docs.detail.notes')}>{doc.notes}</Row>
            </dl>
          </section>
          <Related doc={doc} entries={history.entries} />
          {doc.direction === 'outgoing' && <OutgoingPanels doc={doc} userName={userName} />}
          <ExchangeTimeline documentId={doc.id} refreshKey={tick} />
          {doc.direction === 'incoming' && (
            <section className="doc-section" aria-labelledby="assign-title">
              <h2 id="assign-title">{t('docs.detail.assignments')}</h2>
              {doc.assignments.length === 0 ? (
                <p className="muted">{t('docs.detail.noAssignments')}</p>
              ) : (
                <ul className="doc-assignments">
                  {doc.assignments.map((a) => (
                    <li key={a.id} className={`doc-assignments__item doc-assignments__item--${a.status}`}>
                      <strong>{a.userName}</strong> <span className="badge badge--muted">{t(`docs.detail.role.${a.role}`)}</span>{' '}
                      <span className="muted">{t(`docs.detail.assignmentStatus.${a.status}`)}</span>
                      {a.deadline && <span className="muted"> · {t('docs.col.deadline')} {formatYmd(a.deadline)}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}
          <section className="doc-section" aria-labelledby="comments-title">
            <h2 id="comments-title">{t('docs.detail.comments')}</h2>
            {doc.comments.length === 0 ? (
              <p className="muted">{t('docs.detail.noComments')}</p>
            ) : (
              <ul className="doc-comments">
                {doc.comments.map((c) => (
                  <li key={c.id}>
                    <div className="doc-comments__head">
                      <strong>{c.author}</strong> <span className="badge badge--muted">{t(`docs.detail.commentKind.${c.kind}`, { defaultValue: c.kind })}</span>{' '}
                      <span className="muted">{formatInstant(c.createdAt, i18n.language)}</span>
                    </div>
                    <p>{c.body}</p>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <Timeline entries={history.entries} error={history.error} names={people.byUsername} userName={(uid) => userName(uid)} />
        </div>
        <div className="doc-page__main">
          <Attachments
            attachments={doc.attachments}
            documentId={doc.id}
            canAdd={!['released', 'cancelled', 'filed'].includes(doc.status)}
            onAdded={() => void call('documents.get', { id: doc.id }).then((r) => changed(r.document))}
          />
          <SignaturePanel documentId={doc.id} refreshKey={tick} />
        </div>
      </div>
    </div>
  );
}
