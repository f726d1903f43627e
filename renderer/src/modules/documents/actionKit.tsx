import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { AppError } from '../../../../shared/api/errors';
import type { UserView } from '../../../../shared/api/schemas';
import type { Permission } from '../../../../shared/permissions';
import { useApp } from '../../app/context';
import type { FieldErrors } from '../../ui/errors';
import { docFieldMessage } from './format';

// What the incoming and outgoing step panels share: who is looking and what they may do, the row
// of step buttons (one dialog open at a time), and a dialog's field errors.

/** The signed-in user's id and a permission check (the UI only decides what to offer with it). */
export function useDocActor(): { me: number; can: (p: Permission) => boolean } {
  const { session } = useApp();
  return { me: session.user.id, can: (p) => session.permissions.has(p) };
}

/** The steps offered on a document as buttons; `extra` goes after them (sign, draft a reply …). */
export function ActionBar<K extends string>({ available, primary, label, onOpen, children }: { available: K[]; primary: K[]; label: (k: K) => string; onOpen: (k: K) => void; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="doc-actions" aria-labelledby="actions-title">
      <h2 id="actions-title" className="sr-only">
        {t('docs.actions.title')}
      </h2>
      {available.map((k) => (
        <button key={k} type="button" className={`btn ${primary.includes(k) ? 'btn--primary' : ''}`} onClick={() => onOpen(k)}>
          {label(k)}
        </button>
      ))}
      {children}
    </section>
  );
}

/** Which step dialog is open, if any. */
export function useOpenStep<K extends string>(): [K | null, (k: K | null) => void] {
  return useState<K | null>(null);
}

/**
 * A step dialog's field errors: `err(field)` in words, and `need(ok, field)` that refuses a missing
 * field the same way the core refuses one — a VALIDATION error whose field issue the dialog puts
 * next to the field.
 */
export function useStepErrors(): { errors: FieldErrors; setErrors: (e: FieldErrors) => void; err: (field: string) => string | undefined; need: (ok: boolean, field: string) => void } {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<FieldErrors>({});
  return {
    errors,
    setErrors,
    err: (field) => docFieldMessage(t, errors[field]),
    need: (ok, field) => {
      if (!ok) throw new AppError('VALIDATION', t('docs.actions.fixErrors'), { fields: [{ path: field, code: 'required', message: 'required' }] });
    },
  };
}

/** Options for a person picker: "— Chọn —" (or `empty`) then each person with their title. */
export function userOptions(t: TFunction, list: UserView[], empty = t('docs.actions.chooseUser')): { value: string; label: string }[] {
  return [{ value: '', label: empty }, ...list.map((u) => ({ value: String(u.id), label: u.title ? `${u.fullName} — ${u.title}` : u.fullName }))];
}

/** Enabled users, and among them the leaders and those who can handle a document. */
export function peopleOf(users: UserView[]): { active: UserView[]; leaders: UserView[]; handlers: UserView[] } {
  const active = users.filter((u) => !u.disabled);
  return { active, leaders: active.filter((u) => u.roles.includes('leader')), handlers: active.filter((u) => u.roles.includes('specialist') || u.roles.includes('leader')) };
}
