import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '../../../../shared/api/documents';
import type { SigningPurpose } from '../../../../shared/api/signing';
import { useApp } from '../../app/context';
import { SignDialog } from './SignDialog';

/**
 * The signing buttons of an outgoing document: "Ký số" for the leader who approved it (status
 * approved), "Đóng dấu số" for the clerk once the leader has signed (signed or numbered).
 */
export function SignActions({ doc, onChanged }: { doc: DocumentView; onChanged: (d: DocumentView) => void }) {
  const { t } = useTranslation();
  const { session } = useApp();
  const [open, setOpen] = useState<SigningPurpose | null>(null);
  if (doc.direction !== 'outgoing') return null;
  const me = session.user.id;
  const can = (p: Parameters<typeof session.permissions.has>[0]) => session.permissions.has(p);
  const leaderMay = doc.status === 'approved' && can('signing.sign') && (doc.leaderId === null || doc.leaderId === me);
  const sealed = doc.attachments.some((a) => a.role === 'signed' && a.fileName.endsWith('-dong-dau.pdf'));
  const clerkMay = ['signed', 'numbered'].includes(doc.status) && can('signing.seal') && !sealed;
  if (!leaderMay && !clerkMay) return null;
  return (
    <>
      {leaderMay && (
        <button type="button" className="btn btn--primary" title={t('signing.actions.signHint')} onClick={() => setOpen('leader')}>
          {t('signing.actions.sign')}
        </button>
      )}
      {clerkMay && (
        <button type="button" className="btn" title={t('signing.actions.sealHint')} onClick={() => setOpen('seal')}>
          {t('signing.actions.seal')}
        </button>
      )}
      {open && <SignDialog doc={doc} purpose={open} onClose={() => setOpen(null)} onChanged={onChanged} />}
    </>
  );
}
