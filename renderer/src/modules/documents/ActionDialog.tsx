import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Field';
import { isAppError } from '../../../../shared/api/errors';
import { fieldErrorsFromError, type FieldErrors } from '../../ui/errors';
import { docErrorMessage } from './format';

/** Thrown from a dialog's submit to show this sentence as it is (already in the user's language). */
export class DialogMessage extends Error {}

/**
 * A dialog for one workflow step: its fields, a confirm button, and the core's answer (field
 * errors back to the fields through `onFieldErrors`, anything else as a message in the dialog).
 */
export function ActionDialog({
  title,
  submitLabel,
  onClose,
  onSubmit,
  onFieldErrors,
  onConflict,
  children,
  wide,
  danger,
}: {
  title: string;
  submitLabel: string;
  onClose: () => void;
  onSubmit: () => Promise<void>;
  onFieldErrors?: (e: FieldErrors) => void;
  /**
   * Someone changed the document since it was shown (CONFLICT): load it again. The dialog stays
   * open with what was typed, and the next press acts on the new version.
   */
  onConflict?: () => Promise<void>;
  children: ReactNode;
  wide?: boolean;
  danger?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit();
      onClose();
    } catch (err) {
      const fields = fieldErrorsFromError(err);
      onFieldErrors?.(fields);
      let message = err instanceof DialogMessage ? err.message : docErrorMessage(t, i18n.language, err);
      if (onConflict && isAppError(err) && err.code === 'CONFLICT') {
        try {
          await onConflict();
          message = t('docs.actions.conflictReloaded');
        } catch {
          /* could not load it again: the plain conflict message says to reload */
        }
      }
      setError(message);
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={onClose} wide={wide}>
      <form className="dialog__body" onSubmit={(e) => void submit(e)} noValidate>
        {error && <Notice kind="error">{error}</Notice>}
        {children}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className={`btn ${danger ? 'btn--danger' : 'btn--primary'}`} disabled={busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** A labelled multi-line text box. */
export function TextArea({ id, label, value, onChange, required, rows = 3, error }: { id: string; label: string; value: string; onChange: (v: string) => void; required?: boolean; rows?: number; error?: string }) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id} className={required ? 'label--required' : undefined}>
        {label}
      </label>
      <textarea id={id} rows={rows} value={value} onChange={(e) => onChange(e.target.value)} required={required} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Checkboxes to pick several people. */
export function PeoplePicker({ id, label, people, selected, onChange }: { id: string; label: string; people: { id: number; fullName: string; title: string }[]; selected: number[]; onChange: (ids: number[]) => void }) {
  return (
    <fieldset className="doc-people" id={id}>
      <legend>{label}</legend>
      <div className="doc-people__list">
        {people.map((p) => (
          <label key={p.id} className="check">
            <input type="checkbox" checked={selected.includes(p.id)} onChange={(e) => onChange(e.target.checked ? [...selected, p.id] : selected.filter((x) => x !== p.id))} />
            <span>
              {p.fullName}
              {p.title && <span className="muted"> · {p.title}</span>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
