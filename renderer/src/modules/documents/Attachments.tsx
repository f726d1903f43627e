import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentView } from '../../../../shared/api/documents';
import { useApp } from '../../app/context';
import { PdfViewer } from '../../components/pdf/PdfViewer';
import { base64ToBytes } from '../../components/pdf/pdfjs';
import { pickFile } from './files';
import { docErrorMessage, formatSize } from './format';

/** The document's files: a list with warnings (encrypted, damaged, scanned) and the chosen PDF shown. */
export function Attachments({ attachments, documentId, canAdd, onAdded }: { attachments: AttachmentView[]; documentId: number; canAdd: boolean; onAdded: () => void }) {
  const { t, i18n } = useTranslation();
  const { call } = useApp();
  const [adding, setAdding] = useState(false);

  async function add(file: File | undefined) {
    if (!file) return;
    setAdding(true);
    setError(null);
    try {
      const picked = await pickFile(file);
      const r = await call('attachments.add', { documentId, file: { fileName: picked.fileName, contentBase64: picked.contentBase64 }, role: attachments.length === 0 ? 'main' : 'attachment' });
      setSelected(r.attachment.id);
      onAdded();
    } catch (e) {
      setError(docErrorMessage(t, i18n.language, e));
    } finally {
      setAdding(false);
    }
  }
  const addButton = canAdd && (
    <label className={`btn btn--small doc-attachments__add${adding ? ' btn--busy' : ''}`}>
      {t('docs.attach.add')}
      <input type="file" className="sr-only" disabled={adding} onChange={(e) => void add(e.target.files?.[0])} />
    </label>
  );
  const viewable = attachments.filter((a) => a.mime === 'application/pdf' && a.warning !== 'pdf.corrupt');
  const [selected, setSelected] = useState<number | null>(viewable[0]?.id ?? attachments[0]?.id ?? null);
  const [bytes, setBytes] = useState<{ id: number; data: Uint8Array } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = attachments.find((a) => a.id === selected) ?? null;
  const isPdf = current?.mime === 'application/pdf';

  useEffect(() => {
    if (!current || !isPdf) return;
    let live = true;
    setError(null);
    call('attachments.get', { id: current.id, as: 'base64' }).then(
      (r) => live && r.contentBase64 && setBytes({ id: current.id, data: base64ToBytes(r.contentBase64) }),
      (e: unknown) => live && setError(docErrorMessage(t, i18n.language, e)),
    );
    return () => {
      live = false;
    };
  }, [call, current?.id, isPdf, t, i18n.language]);

  if (attachments.length === 0)
    return (
      <div className="doc-attachments">
        {addButton}
        {error && <p className="field__error">{error}</p>}
        <p className="doc-viewer__empty muted">{t('docs.attach.none')}</p>
      </div>
    );
  return (
    <div className="doc-attachments">
      <ul className="doc-attachments__list" aria-label={t('docs.attach.title')}>
        {attachments.map((a) => (
          <li key={a.id}>
            <button type="button" className="doc-attachments__file" aria-pressed={a.id === selected} onClick={() => setSelected(a.id)}>
              <span className="doc-attachments__icon" aria-hidden="true">
                {a.mime === 'application/pdf' ? 'PDF' : (a.fileName.split('.').pop() ?? '').slice(0, 4).toUpperCase()}
              </span>
              <span className="doc-attachments__name">{a.fileName}</span>
              <span className="muted">
                {t(`docs.attach.role.${a.role}`)} · {formatSize(a.size)}
              </span>
            </button>
            {a.warning && (
              <p className="doc-attachments__warning" role="note">
                <span aria-hidden="true" className="field__error-icon doc-attachments__warn-icon">!</span> {t(`docs.attach.warning.${a.warning}`, { defaultValue: a.warning })}
              </p>
            )}
          </li>
        ))}
        {addButton && <li>{addButton}</li>}
      </ul>
      <div className="doc-viewer">
        {error && <p className="field__error">{error}</p>}
        {current && !isPdf && <p className="doc-viewer__empty muted">{t('docs.attach.notPdf')}</p>}
        {current && isPdf && (bytes?.id === current.id ? <PdfViewer key={current.id} bytes={bytes.data} fileName={current.fileName} /> : <p className="doc-viewer__empty muted">{t('docs.attach.loading')}</p>)}
      </div>
    </div>
  );
}
