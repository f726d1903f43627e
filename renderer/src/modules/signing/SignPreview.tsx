import { useEffect, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PdfPage, type PageSize } from '../../components/pdf/PdfPage';
import { loadPdf, type LoadedPdf } from '../../components/pdf/pdfjs';

export interface BlockPlacement {
  page: number;
  rect: { x: number; y: number; width: number; height: number };
}

const BLOCK = { width: 200, height: 120 };
const PREVIEW_WIDTH = 300;

/** Where the core puts a leader's block by default: low right on the last page. */
export function defaultBlock(pageCount: number, size: PageSize): BlockPlacement {
  return { page: pageCount, rect: { x: Math.max(0, size.width - 56 - BLOCK.width), y: 90, ...BLOCK } };
}

/**
 * The page the signature goes on, drawn with the PDF viewer's page renderer, and the block on it
 * as it will be placed (PDF points, origin lower-left). A click moves the block there, unless the
 * place is `fixed` (found from an anchor text by the core).
 */
export function SignPreview({ bytes, placement, onPlacement, lines, fixed = false }: { bytes: Uint8Array; placement: BlockPlacement | null; onPlacement: (p: BlockPlacement) => void; lines: string[]; fixed?: boolean }) {
  const { t } = useTranslation();
  const [pdf, setPdf] = useState<{ loaded: LoadedPdf; sizes: PageSize[] } | null>(null);

  // Loaded once per file; the block's first place is set here and then follows the user's clicks.
  useEffect(() => {
    let live = true;
    let opened: LoadedPdf | null = null;
    void loadPdf(bytes).then(async (loaded) => {
      opened = loaded;
      const sizes: PageSize[] = [];
      for (let n = 1; n <= loaded.doc.numPages; n++) {
        const vp = (await loaded.doc.getPage(n)).getViewport({ scale: 1 });
        sizes.push({ width: vp.width, height: vp.height });
      }
      if (!live) return loaded.destroy();
      setPdf({ loaded, sizes });
      if (!placement) onPlacement(defaultBlock(sizes.length, sizes[sizes.length - 1]!));
    }, () => {
      /* an unreadable file is refused by the core with its own message */
    });
    return () => {
      live = false;
      opened?.destroy();
    };
  }, [bytes]);

  if (!pdf || !placement) return <p role="status">{t('app.loading')}</p>;
  const size = pdf.sizes[placement.page - 1]!;
  const scale = PREVIEW_WIDTH / size.width;
  const { rect } = placement;
  const move = (e: MouseEvent<HTMLDivElement>) => {
    if (fixed) return;
    const box = e.currentTarget.getBoundingClientRect();
    const x = (e.clientX - box.left) / scale - rect.width / 2;
    const y = size.height - (e.clientY - box.top) / scale - rect.height / 2;
    const clamp = (v: number, max: number) => Math.min(Math.max(0, v), Math.max(0, max));
    onPlacement({ page: placement.page, rect: { ...rect, x: clamp(x, size.width - rect.width), y: clamp(y, size.height - rect.height) } });
  };
  return (
    <figure className="sig-preview">
      <figcaption>{t('signing.dialog.preview', { page: placement.page })}</figcaption>
      <div className="sig-preview__page" onClick={move} data-testid="sign-preview">
        <PdfPage doc={pdf.loaded.doc} pageNumber={placement.page} scale={scale} size={size} withTextLayer={false} scrollRoot={null} label={t('docs.pdf.page', { n: placement.page })} />
        <div
          className="sig-preview__block"
          aria-hidden="true"
          style={{ left: rect.x * scale, top: (size.height - rect.y - rect.height) * scale, width: rect.width * scale, height: rect.height * scale }}
        >
          {lines.map((l) => (
            <span key={l}>{l}</span>
          ))}
        </div>
      </div>
    </figure>
  );
}
