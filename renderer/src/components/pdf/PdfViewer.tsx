import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import './pdf.css';

// The reader and pdf.js are fetched when the first PDF is shown, not with the app: they are most of
// the renderer's weight and many sessions never open a file.
const PdfReader = lazy(async () => ({ default: (await import('./PdfReader')).PdfReader }));

/**
 * A PDF reader: pages on canvas with a selectable text layer, thumbnails, zoom and page jump (see
 * PdfReader). Until its code has arrived it shows the same loading line the reader shows.
 */
export function PdfViewer(props: { bytes: Uint8Array; fileName: string }) {
  const { t } = useTranslation();
  const loading = (
    <div className="pdfv" role="region" aria-label={t('docs.pdf.region', { name: props.fileName })}>
      <div className="pdfv__body">
        <div className="pdfv__pages">
          <p className="pdfv__status">{t('docs.pdf.loading')}</p>
        </div>
      </div>
    </div>
  );
  return (
    <Suspense fallback={loading}>
      <PdfReader {...props} />
    </Suspense>
  );
}
