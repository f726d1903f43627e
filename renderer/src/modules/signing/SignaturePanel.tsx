import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignatureCheckView } from '../../../../shared/api/signing';
import { useApp, type CallFn } from '../../app/context';
import { errorMessage } from '../../ui/errors';
import { Notice } from '../../ui/Field';
import './signing.css';

const TONE: Record<SignatureCheckView['verdict'], string> = { valid: 'ok', 'valid-with-later-changes': 'warn', invalid: 'err', indeterminate: 'warn' };

function VerdictBadge({ verdict }: { verdict: SignatureCheckView['verdict'] }) {
  const { t } = useTranslation();
  return <span className={`badge sig-verdict sig-verdict--${TONE[verdict]}`}>{t(`signing.verdict.${verdict}`)}</span>;
}

// The header badge and the panel ask for the same checks at once: one call serves both. Only a
// call still running is shared: a settled answer is never reused, because the refresh key restarts
// at 0 on every page and would hand a newer page an older answer (a seal missing from the panel).
const inFlight = new Map<string, Promise<{ checks: SignatureCheckView[] }>>();
function loadChecks(call: CallFn, documentId: number, refreshKey: number | undefined): Promise<{ checks: SignatureCheckView[] }> {
  const key = `${documentId}:${refreshKey ?? 0}`;
  let p = inFlight.get(key);
  if (!p) {
    p = call('signing.documentChecks', { documentId });
    inFlight.set(key, p);
    const forget = () => inFlight.delete(key);
    p.then(forget, forget);
  }
  return p;
}

/** The verdict of the document's latest PDF, for the page header; nothing when it is unsigned. */
export function SignatureVerdict({ documentId, refreshKey }: { documentId: number; refreshKey?: number }) {
  const { call } = useApp();
  const [check, setCheck] = useState<SignatureCheckView | null>(null);
  useEffect(() => {
    let live = true;
    loadChecks(call, documentId, refreshKey).then((r) => live && setCheck(r.checks.filter((c) => c.signatures.length > 0).at(-1) ?? null), () => {});
    return () => {
      live = false;
    };
  }, [call, documentId, refreshKey]);
  if (!check) return null;
  return <VerdictBadge verdict={check.verdict} />;
}

function formatTime(iso: string | null, lng: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lng === 'en' ? 'en-GB' : 'vi-VN', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date(iso));
}

/**
 * The signatures of a document's PDF files, each with its verdict and the reasons in the user's
 * language. Invalid or undeterminable signatures are shown as such, never hidden. Shows the latest
 * file first; older files (drafts, earlier signed versions) fold away.
 */
export function SignaturePanel({ documentId, refreshKey }: { documentId: number; refreshKey?: number }) {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const [checks, setChecks] = useState<SignatureCheckView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const lng = i18n.language;

  useEffect(() => {
    let live = true;
    setError(null);
    loadChecks(call, documentId, refreshKey).then(
      (r) => live && setChecks(r.checks),
      (e: unknown) => live && setError(errorMessage(t, lng, e)),
    );
    return () => {
      live = false;
    };
  }, [call, documentId, refreshKey, t, lng]);

  const recheck = useCallback(async (attachmentId: number) => {
    setBusy(attachmentId);
    try {
      const { check } = await call('signing.verify', { attachmentId });
      setChecks((cs) => cs && cs.map((c) => (c.attachmentId === attachmentId ? check : c)));
    } catch (e) {
      setError(errorMessage(t, lng, e));
    } finally {
      setBusy(null);
    }
  }, [call, t, lng]);

  const reasonText = (r: { vi: string; en: string }) => (lng === 'en' ? r.en : r.vi);
  const ordered = checks ? [...checks].reverse() : null;
  return (
    <section className="doc-section sig-panel" aria-labelledby="sig-panel-title" data-testid="signature-panel">
      <h2 id="sig-panel-title">{t('signing.panel.title')}</h2>
      {error && <Notice kind="error">{error}</Notice>}
      {!ordered && !error && <p role="status">{t('signing.panel.loading')}</p>}
      {ordered && ordered.length === 0 && <p className="muted">{t('signing.panel.none')}</p>}
      {ordered?.map((c, i) => {
        const body = (
          <>
            {c.signatures.length === 0 ? (
              <p className="muted">{t('signing.panel.unsigned')}</p>
            ) : (
              <ol className="sig-list">
                {c.signatures.map((s) => (
                  <li key={s.field} className="sig-list__item" data-verdict={s.status}>
                    <div className="sig-list__head">
                      <strong>{s.signer ?? t('signing.panel.unknownSigner')}</strong> <VerdictBadge verdict={s.status} />
                    </div>
                    {s.time && (
                      <div className="muted">
                        {t('signing.panel.time')}: {formatTime(s.time, lng)} {s.timeSource === 'claimed' ? t('signing.panel.timeClaimed') : ''}
                      </div>
                    )}
                    {s.reasons.length > 0 && (
                      <ul className="sig-reasons">
                        {s.reasons.map((r, k) => (
                          <li key={`${r.code}-${k}`}>{reasonText(r)}</li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
              </ol>
            )}
            {c.reasons.length > 0 && (
              <ul className="sig-reasons">
                {c.reasons.map((r, k) => (
                  <li key={`${r.code}-${k}`}>{reasonText(r)}</li>
                ))}
              </ul>
            )}
            <div className="sig-file__foot muted">
              {t('signing.panel.checkedAt', { at: formatTime(c.checkedAt, lng) })}{' '}
              <button type="button" className="btn btn--small" disabled={busy === c.attachmentId} onClick={() => void recheck(c.attachmentId)}>
                {t('signing.panel.recheck')}
              </button>
            </div>
          </>
        );
        const summary = (
          <span className="sig-file__summary">
            <span className="sig-file__name">{c.fileName}</span> {c.signatures.length > 0 && <VerdictBadge verdict={c.verdict} />}{' '}
            <span className="muted">{t('signing.panel.signatures', { count: c.signatures.length })}</span>
          </span>
        );
        return i === 0 ? (
          <div key={c.attachmentId} className="sig-file sig-file--latest" data-testid="signature-file">
            {summary}
            {body}
          </div>
        ) : (
          <details key={c.attachmentId} className="sig-file">
            <summary>{summary}</summary>
            {body}
          </details>
        );
      })}
    </section>
  );
}
