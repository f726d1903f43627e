import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../shared/api/contract';
import { useApp } from '../../app/context';
import { errorMessage } from '../../ui/errors';
import { Notice, TextField } from '../../ui/Field';
import { PageHeader } from '../../ui/PageHeader';
import { pickFile } from '../documents/files';
import './signing.css';

type Keys = Output<'signing.keys.list'>;
type Anchors = Output<'signing.trust.list'>['anchors'];

/** The Ký số module: tokens plugged in now, the agency's signing settings, the trust store. */
export function SigningPage() {
  const { t, i18n } = useTranslation();
  const { call, session } = useApp();
  const isAdmin = session.permissions.has('agency.manage');
  const mayTrust = session.permissions.has('trust.manage');
  const [keys, setKeys] = useState<Keys | null>(null);
  const [anchors, setAnchors] = useState<Anchors | null>(null);
  const [settings, setSettings] = useState({ pkcs11Module: '', tsaUrl: '', ocspUrl: '' });
  const [notice, setNotice] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const fail = useCallback((e: unknown) => setNotice({ kind: 'error', text: errorMessage(t, i18n.language, e) }), [t, i18n.language]);

  const scan = useCallback(() => void call('signing.keys.list', {}).then(setKeys, fail), [call, fail]);
  useEffect(() => {
    scan();
    void call('signing.settings.get', {}).then(setSettings, fail);
    void call('signing.trust.list', {}).then((r) => setAnchors(r.anchors), () => setAnchors([]));
  }, [call, scan, fail]);

  async function save(e: FormEvent) {
    e.preventDefault();
    try {
      setSettings(await call('signing.settings.update', settings));
      setNotice({ kind: 'success', text: t('signing.page.saved') });
      scan();
    } catch (err) {
      fail(err);
    }
  }

  async function addRoot(file: File) {
    try {
      const picked = await pickFile(file);
      const text = atob(picked.contentBase64);
      const certificate = text.includes('-----BEGIN CERTIFICATE-----') ? text : picked.contentBase64;
      const before = anchors?.length ?? 0;
      const r = await call('signing.trust.add', { certificate });
      setAnchors(r.anchors);
      setNotice({ kind: 'success', text: t('signing.page.added', { count: Math.max(1, r.anchors.length - before) }) });
    } catch (err) {
      fail(err);
    }
  }

  return (
    <div className="page sig-page">
      <PageHeader title={t('modules.signing.title')} />
      <p className="muted">{t('signing.page.intro')}</p>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
      <section className="doc-section" aria-labelledby="sig-tokens">
        <h2 id="sig-tokens">{t('signing.page.tokens')}</h2>
        {keys && <p className="muted">{t('signing.page.module', { path: keys.pkcs11Module })}</p>}
        {keys?.problem && <Notice kind="error">{t(`errors.${keys.problem}`, { defaultValue: keys.problem })}</Notice>}
        {keys && keys.tokens.length === 0 && !keys.problem && <p>{t('signing.page.noTokens')}</p>}
        <ul>
          {keys?.tokens.map((k) => (
            <li key={`${k.label}-${k.serialNumber}`}>
              <strong>{k.label}</strong> — {k.manufacturer} {k.model} {k.pinLocked ? t('signing.dialog.pinLocked') : ''}
            </li>
          ))}
        </ul>
        <button type="button" className="btn btn--small" onClick={scan}>
          {t('signing.dialog.rescan')}
        </button>
      </section>
      <section className="doc-section" aria-labelledby="sig-settings">
        <h2 id="sig-settings">{t('signing.page.settings')}</h2>
        <form onSubmit={(e) => void save(e)}>
          <fieldset disabled={!isAdmin} className="sig-page__fields">
            <TextField id="sig-module" label={t('signing.page.pkcs11Module')} value={settings.pkcs11Module} onChange={(v) => setSettings((s) => ({ ...s, pkcs11Module: v }))} />
            <TextField id="sig-tsa" label={t('signing.page.tsaUrl')} value={settings.tsaUrl} onChange={(v) => setSettings((s) => ({ ...s, tsaUrl: v }))} />
            <TextField id="sig-ocsp" label={t('signing.page.ocspUrl')} value={settings.ocspUrl} onChange={(v) => setSettings((s) => ({ ...s, ocspUrl: v }))} />
          </fieldset>
          {isAdmin && (
            <button type="submit" className="btn btn--primary">
              {t('signing.page.save')}
            </button>
          )}
        </form>
      </section>
      <section className="doc-section" aria-labelledby="sig-trust">
        <h2 id="sig-trust">{t('signing.page.trust')}</h2>
        {anchors && anchors.length === 0 && <Notice kind="info">{t('signing.page.noTrust')}</Notice>}
        <ul>
          {anchors?.map((a) => (
            <li key={a.sha256}>
              <strong>{a.commonName}</strong> <span className="muted">{t('signing.page.validUntil', { date: a.notAfter.slice(0, 10) })}</span>
            </li>
          ))}
        </ul>
        {mayTrust && (
          <div className="field">
            <label htmlFor="sig-add-root">{t('signing.page.addTrust')}</label>
            <input id="sig-add-root" type="file" accept=".cer,.crt,.pem,.der" onChange={(e) => e.target.files?.[0] && void addRoot(e.target.files[0])} />
          </div>
        )}
      </section>
    </div>
  );
}
