import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../../shared/api/schemas';
import type { CallFn } from '../../app/context';

// Small pieces every documents page uses: badges for urgency, confidentiality, status and
// overdue, and the agency's users (for pickers and names in the timeline).

export function UrgencyBadge({ urgency }: { urgency: string }) {
  const { t } = useTranslation();
  if (urgency === 'normal') return null;
  return <span className={`badge doc-badge doc-badge--urgency-${urgency}`}>{t(`docs.urgency.${urgency}`)}</span>;
}

export function ConfidentialityBadge({ confidentiality }: { confidentiality: string }) {
  const { t } = useTranslation();
  if (confidentiality === 'normal') return null;
  return <span className={`badge doc-badge doc-badge--secret`}>{t(`docs.confidentiality.${confidentiality}`)}</span>;
}

const STATUS_TONE: Record<string, string> = {
  registered: 'info',
  submitted: 'warn',
  in_progress: 'info',
  completed: 'ok',
  filed: 'ok',
  returned: 'err',
  cancelled: 'muted',
  draft: 'muted',
  in_review: 'warn',
  approved: 'ok',
  signed: 'ok',
  numbered: 'info',
  released: 'ok',
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge doc-status doc-status--${STATUS_TONE[status] ?? 'muted'}`}>{t(`docs.status.${status}`, { defaultValue: status })}</span>;
}

export function OverdueFlag() {
  const { t } = useTranslation();
  return (
    <span className="doc-overdue" title={t('docs.overdue')}>
      <span aria-hidden="true" className="doc-overdue__dot" /> {t('docs.overdue')}
    </span>
  );
}

/** Enabled users of the agency (loaded once per page). */
export function useUsers(call: CallFn): { users: UserView[]; byUsername: Map<string, string>; byId: Map<number, UserView> } {
  const [users, setUsers] = useState<UserView[]>([]);
  useEffect(() => {
    let live = true;
    call('users.list', {}).then(
      (r) => live && setUsers(r.users),
      () => {
        /* without users.read the pickers stay empty; the core refuses the actions anyway */
      },
    );
    return () => {
      live = false;
    };
  }, [call]);
  return useMemo(
    () => ({ users, byUsername: new Map(users.map((u) => [u.username, u.fullName])), byId: new Map(users.map((u) => [u.id, u])) }),
    [users],
  );
}
