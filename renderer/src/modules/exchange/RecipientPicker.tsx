import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/context';
import { TextField } from '../../ui/Field';
import { exchangeErrorMessage, matchesAgency } from './text';

export interface AgencyRecipient {
  agencyCode: string;
  name: string;
}

type Directory = { organId: string; organName: string; organAdd?: string }[];

const MAX_SHOWN = 8;

/**
 * External recipients of a release: agencies found in the axis directory by name or code (with or
 * without Vietnamese diacritics), or typed in by code when the directory cannot be reached.
 * A confidential document cannot go through the axis: the picker says why and offers nothing.
 */
export function RecipientPicker({ selected, onChange, confidentiality }: { selected: AgencyRecipient[]; onChange: (r: AgencyRecipient[]) => void; confidentiality: string }) {
  const { t, i18n } = useTranslation();
  const { call, session } = useApp();
  const [query, setQuery] = useState('');
  const [directory, setDirectory] = useState<Directory | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [ownCode, setOwnCode] = useState<string>();
  const [manualName, setManualName] = useState('');
  const [manualCode, setManualCode] = useState('');
  const confidential = confidentiality !== 'normal';
  const canSearch = session.permissions.has('exchange.send');

  useEffect(() => {
    if (confidential) return;
    if (!canSearch) {
      setFailure(t('errors.FORBIDDEN'));
      return;
    }
    let live = true;
    void call('agency.get', {}).then((r) => live && setOwnCode(r.agency.code), () => undefined);
    // The whole directory once: the axis filters without folding diacritics, we fold here.
    call('exchange.directory', { search: '' }).then(
      (r) => live && setDirectory(r.agencies),
      (e: unknown) => live && setFailure(exchangeErrorMessage(t, i18n.language, e)),
    );
    return () => {
      live = false;
    };
  }, [call, confidential, canSearch, t, i18n.language]);

  const chosen = new Set(selected.map((s) => s.agencyCode));
  // A directory holds a few thousand agencies at most: filtering on each keystroke is cheap.
  const matches = (directory ?? []).filter((a) => a.organId !== ownCode && !chosen.has(a.organId) && matchesAgency(a, query)).slice(0, MAX_SHOWN);
  const add = (r: AgencyRecipient) => {
    if (!chosen.has(r.agencyCode)) onChange([...selected, r]);
    setQuery(''); // ready for the next one; the chosen list shows this one
  };

  if (confidential)
    return (
      <fieldset className="ex-picker" data-testid="recipient-picker">
        <legend>{t('exchange.picker.legend')}</legend>
        <p className="notice notice--warn" role="note">
          {t('exchange.picker.confidential', { level: t(`docs.confidentiality.${confidentiality}`, { defaultValue: confidentiality }).toLowerCase() })}
        </p>
      </fieldset>
    );

  return (
    <fieldset className="ex-picker" data-testid="recipient-picker">
      <legend>{t('exchange.picker.legend')}</legend>
      {selected.length > 0 && (
        <ul className="ex-picker__chosen" aria-label={t('exchange.picker.selected')}>
          {selected.map((a) => (
            <li key={a.agencyCode}>
              <span>{a.name}</span> <span className="muted mono">{a.agencyCode}</span>
              <button type="button" className="btn btn--ghost btn--small" aria-label={t('exchange.picker.remove', { name: a.name })} onClick={() => onChange(selected.filter((x) => x.agencyCode !== a.agencyCode))}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      {failure === null && (
        <>
          <TextField id="ex-picker-search" label={t('exchange.picker.search')} hint={t('exchange.picker.searchHint')} value={query} onChange={setQuery} autoComplete="off" />
          {directory === null ? (
            <p className="muted" role="status">
              {t('exchange.picker.loading')}
            </p>
          ) : matches.length === 0 ? (
            <p className="muted">{t('exchange.picker.noMatch')}</p>
          ) : (
            <ul className="ex-picker__results" aria-label={t('exchange.picker.results')}>
              {matches.map((a) => (
                <li key={a.organId}>
                  <button type="button" className="ex-picker__option" aria-label={t('exchange.picker.add', { name: a.organName })} onClick={() => add({ agencyCode: a.organId, name: a.organName })}>
                    <span>{a.organName}</span> <span className="muted mono">{a.organId}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {failure !== null && (
        <>
          <p className="notice notice--warn" role="note">
            {t('exchange.picker.unavailable', { reason: failure })}
          </p>
          <p className="ex-picker__manual">{t('exchange.picker.manual')}</p>
          <div className="doc-agency-row">
            <TextField id="out-agency-name" label={t('docs.outgoing.agencyName')} value={manualName} onChange={setManualName} />
            <TextField id="out-agency-code" label={t('docs.outgoing.agencyCode')} value={manualCode} onChange={setManualCode} />
            <button
              type="button"
              className="btn"
              disabled={!manualName.trim() || !manualCode.trim()}
              onClick={() => {
                add({ agencyCode: manualCode.trim(), name: manualName.trim() });
                setManualCode('');
                setManualName('');
              }}
            >
              {t('docs.outgoing.addAgency')}
            </button>
          </div>
        </>
      )}
    </fieldset>
  );
}
