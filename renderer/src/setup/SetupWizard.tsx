import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Input, Output } from '../../../shared/api/contract';
import { isAppError } from '../../../shared/api/errors';
import { LanguageSelect } from '../app/LanguageSelect';
import { BrandMark } from '../ui/BrandMark';
import { errorMessage, fieldErrorsFromError, fieldMessage, type FieldErrors } from '../ui/errors';
import { Notice, TextField } from '../ui/Field';
import { fieldId, SETUP_STEPS, setupPayload, stepOfField, validateSetup, type SetupDraft, type SetupStep } from './validation';

type SetupCall = (m: 'setup.initialize', i: Input<'setup.initialize'>) => Promise<Output<'setup.initialize'>>;

const EMPTY: SetupDraft = {
  agency: { name: '', code: '', shortName: '' },
  units: [],
  admin: { username: '', fullName: '', password: '', confirm: '' },
};

/** First-run wizard: agency → units → first admin → summary → setup.initialize. */
export function SetupWizard(props: { call: SetupCall; onDone: (adminUsername: string) => void; onAlreadyInitialized: () => void; appVersion: string }) {
  const { call, onDone, onAlreadyInitialized, appVersion } = props;
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<SetupDraft>(EMPTY);
  const [step, setStep] = useState<SetupStep>('agency');
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const nextKey = useRef(1);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  const errors = { ...validateSetup(draft), ...serverErrors };
  const stepIndex = SETUP_STEPS.indexOf(step);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step]);

  function errorFor(path: string): string | undefined {
    return touched.has(path) || path in serverErrors ? fieldMessage(t, errors[path]) : undefined;
  }

  function touch(path: string) {
    setTouched((s) => (s.has(path) ? s : new Set(s).add(path)));
  }

  function edit(path: string, mutate: (d: SetupDraft) => SetupDraft) {
    setDraft(mutate);
    if (path in serverErrors) {
      const rest = { ...serverErrors };
      delete rest[path];
      setServerErrors(rest);
    }
  }

  /** Shows every error of the step; returns whether the step is valid, focusing the first bad field. */
  function checkStep(s: SetupStep, errs: FieldErrors): boolean {
    const bad = Object.keys(errs).filter((p) => stepOfField(p) === s);
    if (bad.length === 0) return true;
    setTouched((old) => new Set([...old, ...bad]));
    requestAnimationFrame(() => document.getElementById(fieldId(bad[0]!))?.focus());
    return false;
  }

  async function next(e: FormEvent) {
    e.preventDefault();
    if (step !== 'summary') {
      if (checkStep(step, errors)) setStep(SETUP_STEPS[stepIndex + 1]!);
      return;
    }
    for (const s of SETUP_STEPS) {
      if (s !== 'summary' && Object.keys(errors).some((p) => stepOfField(p) === s)) {
        setStep(s);
        checkStep(s, errors);
        return;
      }
    }
    setBusy(true);
    setFailure(null);
    try {
      const result = await call('setup.initialize', setupPayload(draft));
      onDone(result.admin.username);
    } catch (err) {
      setBusy(false);
      // Set up meanwhile from another window or the CLI: nothing to fix here, go and log in.
      if (isAppError(err) && err.code === 'ALREADY_INITIALIZED') return onAlreadyInitialized();
      const fields = fieldErrorsFromError(err);
      const paths = Object.keys(fields);
      if (paths.length > 0) {
        setServerErrors(fields);
        const s = stepOfField(paths[0]!);
        setStep(s);
        checkStep(s, fields);
      }
      setFailure(err);
    }
  }

  const stepTitle = t(`setup.steps.${step}`);
  return (
    <div className="wizard-screen">
      <header className="wizard-screen__header">
        <BrandMark size={32} />
        <span className="wizard-screen__app">{t('app.name')}</span>
        <LanguageSelect />
      </header>
      <main className="wizard" aria-labelledby="setup-title">
        <h1 id="setup-title">{t('setup.title')}</h1>
        <p className="muted">{t('setup.intro')}</p>
        <ol className="stepper" aria-label={t('setup.stepOf', { n: stepIndex + 1, total: SETUP_STEPS.length })}>
          {SETUP_STEPS.map((s, i) => (
            <li key={s} className={`stepper__step${i < stepIndex ? ' stepper__step--done' : ''}`} aria-current={s === step ? 'step' : undefined}>
              <span className="stepper__num" aria-hidden="true">
                {i + 1}
              </span>
              {t(`setup.steps.${s}`)}
            </li>
          ))}
        </ol>
        <form className="card wizard__card" onSubmit={(e) => void next(e)} noValidate>
          <h2 ref={headingRef} tabIndex={-1}>
            <span className="muted">{t('setup.stepOf', { n: stepIndex + 1, total: SETUP_STEPS.length })} · </span>
            {stepTitle}
          </h2>
          {failure !== null && <Notice kind="error">{errorMessage(t, i18n.language, failure)}</Notice>}

          {step === 'agency' && (
            <div className="form-grid">
              <TextField className="span-2" id={fieldId('agency.name')} label={t('setup.agency.name')} hint={t('setup.agency.nameHint')} value={draft.agency.name} required
                onChange={(v) => edit('agency.name', (d) => ({ ...d, agency: { ...d.agency, name: v } }))} onBlur={() => touch('agency.name')} error={errorFor('agency.name')} />
              <TextField id={fieldId('agency.code')} label={t('setup.agency.code')} hint={t('setup.agency.codeHint')} value={draft.agency.code} required spellCheck={false}
                onChange={(v) => edit('agency.code', (d) => ({ ...d, agency: { ...d.agency, code: v.toUpperCase() } }))} onBlur={() => touch('agency.code')} error={errorFor('agency.code')} />
              <TextField id={fieldId('agency.shortName')} label={t('setup.agency.shortName')} hint={t('setup.agency.shortNameHint')} value={draft.agency.shortName} required spellCheck={false}
                onChange={(v) => edit('agency.shortName', (d) => ({ ...d, agency: { ...d.agency, shortName: v.toUpperCase() } }))} onBlur={() => touch('agency.shortName')} error={errorFor('agency.shortName')} />
            </div>
          )}

          {step === 'units' && (
            <fieldset className="units-editor">
              <legend>{t('setup.units.listLabel')}</legend>
              <p className="muted">{t('setup.units.intro')}</p>
              {draft.units.length === 0 && <p className="empty-inline">{t('setup.units.none')}</p>}
              {draft.units.map((u, i) => (
                <div className="units-editor__row" key={u.key} role="group" aria-label={t('setup.units.row', { n: i + 1 })}>
                  <TextField id={fieldId(`units.${i}.name`)} label={t('setup.units.name', { n: i + 1 })} value={u.name} required
                    onChange={(v) => edit(`units.${i}.name`, (d) => ({ ...d, units: d.units.map((x) => (x.key === u.key ? { ...x, name: v } : x)) }))}
                    onBlur={() => touch(`units.${i}.name`)} error={errorFor(`units.${i}.name`)} />
                  <TextField id={fieldId(`units.${i}.code`)} label={t('setup.units.code', { n: i + 1 })} value={u.code} className="units-editor__code"
                    onChange={(v) => edit(`units.${i}.code`, (d) => ({ ...d, units: d.units.map((x) => (x.key === u.key ? { ...x, code: v } : x)) }))}
                    onBlur={() => touch(`units.${i}.code`)} error={errorFor(`units.${i}.code`)} />
                  <button type="button" className="btn btn--ghost units-editor__remove" aria-label={t('setup.units.remove', { n: i + 1 })}
                    onClick={() => {
                      setDraft((d) => ({ ...d, units: d.units.filter((x) => x.key !== u.key) }));
                      setTouched((s) => new Set([...s].filter((p) => !p.startsWith('units.'))));
                    }}>
                    ✕
                  </button>
                </div>
              ))}
              <button type="button" className="btn" onClick={() => {
                const i = draft.units.length;
                setDraft((d) => ({ ...d, units: [...d.units, { key: nextKey.current++, name: '', code: '' }] }));
                requestAnimationFrame(() => document.getElementById(fieldId(`units.${i}.name`))?.focus());
              }}>
                + {t('setup.units.add')}
              </button>
            </fieldset>
          )}

          {step === 'admin' && (
            <div className="form-grid">
              <p className="muted span-2">{t('setup.admin.intro')}</p>
              <TextField id={fieldId('admin.username')} label={t('setup.admin.username')} hint={t('setup.admin.usernameHint')} value={draft.admin.username} required autoComplete="off" spellCheck={false} autoCapitalize="none"
                onChange={(v) => edit('admin.username', (d) => ({ ...d, admin: { ...d.admin, username: v } }))} onBlur={() => touch('admin.username')} error={errorFor('admin.username')} />
              <TextField id={fieldId('admin.fullName')} label={t('setup.admin.fullName')} value={draft.admin.fullName} required
                onChange={(v) => edit('admin.fullName', (d) => ({ ...d, admin: { ...d.admin, fullName: v } }))} onBlur={() => touch('admin.fullName')} error={errorFor('admin.fullName')} />
              <TextField id={fieldId('admin.password')} type="password" label={t('setup.admin.password')} hint={t('setup.admin.passwordHint')} value={draft.admin.password} required autoComplete="new-password"
                onChange={(v) => edit('admin.password', (d) => ({ ...d, admin: { ...d.admin, password: v } }))} onBlur={() => touch('admin.password')} error={errorFor('admin.password')} />
              <TextField id={fieldId('admin.confirm')} type="password" label={t('setup.admin.confirm')} value={draft.admin.confirm} required autoComplete="new-password"
                onChange={(v) => edit('admin.confirm', (d) => ({ ...d, admin: { ...d.admin, confirm: v } }))} onBlur={() => touch('admin.confirm')} error={errorFor('admin.confirm')} />
            </div>
          )}

          {step === 'summary' && (
            <div>
              <p className="muted">{t('setup.summary.intro')}</p>
              <dl className="summary">
                <dt>{t('setup.summary.agency')}</dt>
                <dd>
                  {draft.agency.name} <span className="muted">({draft.agency.shortName} · {draft.agency.code})</span>
                </dd>
                <dt>{t('setup.summary.units')}</dt>
                <dd>
                  {draft.units.length === 0 ? t('setup.summary.noUnits') : (
                    <ul>{draft.units.map((u) => <li key={u.key}>{u.name}{u.code && <span className="muted"> ({u.code})</span>}</li>)}</ul>
                  )}
                </dd>
                <dt>{t('setup.summary.admin')}</dt>
                <dd>
                  {draft.admin.fullName} <span className="muted">({draft.admin.username})</span>
                </dd>
              </dl>
            </div>
          )}

          <div className="form-actions">
            {stepIndex > 0 && (
              <button type="button" className="btn" onClick={() => setStep(SETUP_STEPS[stepIndex - 1]!)} disabled={busy}>
                {t('setup.back')}
              </button>
            )}
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {step === 'summary' ? (busy ? t('setup.creating') : t('setup.create')) : t('setup.next')}
            </button>
          </div>
        </form>
      </main>
      <footer className="auth-screen__footer">{t('status.version', { version: appVersion })}</footer>
    </div>
  );
}
