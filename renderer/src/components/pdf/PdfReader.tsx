import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { loadPdf, PdfLoadError, type LoadedPdf } from './pdfjs';
import { PdfPage, type PageSize } from './PdfPage';

const ZOOM_STEPS = [0.5, 0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4];
const THUMB_WIDTH = 112;
/** Sizes of pages beyond this are taken from the last one measured (keeps huge files quick to open). */
const MEASURE_LIMIT = 300;

type State = { kind: 'loading' } | { kind: 'error'; reason: 'encrypted' | 'corrupt' } | { kind: 'ready'; pdf: LoadedPdf; sizes: PageSize[] };

/**
 * A PDF reader (loaded through PdfViewer, in its own chunk): pages on canvas with a selectable text layer, a thumbnail strip, zoom (steps and
 * fit-to-width) and page jump. Keys while it has focus: PgUp/PgDn change page, Ctrl+= / Ctrl+-
 * zoom, Ctrl+0 fits the width.
 */
export function PdfReader({ bytes, fileName }: { bytes: Uint8Array; fileName: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [scale, setScale] = useState<number | 'fit'>('fit');
  const [page, setPage] = useState(1);
  const [pageInput, setPageInput] = useState('1');
  const [showThumbs, setShowThumbs] = useState(true);
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const [thumbRoot, setThumbRoot] = useState<HTMLElement | null>(null);
  const [fitWidth, setFitWidth] = useState(800);

  useEffect(() => {
    let live = true;
    let loaded: LoadedPdf | null = null;
    setState({ kind: 'loading' });
    (async () => {
      const pdf = await loadPdf(bytes);
      loaded = pdf;
      const sizes: PageSize[] = [];
      for (let n = 1; n <= pdf.doc.numPages; n++) {
        if (n > MEASURE_LIMIT) {
          sizes.push(sizes[sizes.length - 1]!);
          continue;
        }
        const vp = (await pdf.doc.getPage(n)).getViewport({ scale: 1 });
        sizes.push({ width: vp.width, height: vp.height });
      }
      if (live) setState({ kind: 'ready', pdf, sizes });
      else pdf.destroy();
    })().catch((e: unknown) => {
      if (live) setState({ kind: 'error', reason: e instanceof PdfLoadError ? e.kind : 'corrupt' });
    });
    return () => {
      live = false;
      loaded?.destroy();
    };
  }, [bytes]);

  // Width available for "fit width", followed as the window or side panels change size.
  useEffect(() => {
    if (!scroller) return;
    const measure = () => setFitWidth(Math.max(200, scroller.clientWidth - 32));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(scroller);
    return () => ro.disconnect();
  }, [scroller]);

  const sizes = state.kind === 'ready' ? state.sizes : [];
  const pageCount = sizes.length;
  const widest = useMemo(() => sizes.reduce((w, s) => Math.max(w, s.width), 0) || 595, [sizes]);
  const effectiveScale = scale === 'fit' ? Math.min(4, Math.max(0.25, fitWidth / widest)) : scale;

  const goTo = useCallback(
    (n: number) => {
      if (!scroller || pageCount === 0) return;
      const target = Math.min(pageCount, Math.max(1, n));
      const el = scroller.querySelector<HTMLElement>(`.pdf-page[data-page="${target}"]`);
      if (el) scroller.scrollTop = el.offsetTop - 8;
      setPage(target);
      setPageInput(String(target));
    },
    [scroller, pageCount],
  );

  // The current page is the one crossing the upper third of the scrolling area.
  const onScroll = useCallback(() => {
    if (!scroller) return;
    const mark = scroller.scrollTop + scroller.clientHeight / 3;
    let current = 1;
    for (const el of scroller.querySelectorAll<HTMLElement>('.pdf-page')) {
      if (el.offsetTop <= mark) current = Number(el.dataset.page);
      else break;
    }
    setPage(current);
    setPageInput(String(current));
  }, [scroller]);

  const zoom = useCallback(
    (dir: 1 | -1) => {
      setScale(() => {
        const cur = effectiveScale;
        const next = dir > 0 ? ZOOM_STEPS.find((s) => s > cur + 0.001) : [...ZOOM_STEPS].reverse().find((s) => s < cur - 0.001);
        return next ?? cur;
      });
    },
    [effectiveScale],
  );

  // Keep the same page in view across a zoom change.
  const pageBeforeZoom = useRef(page);
  pageBeforeZoom.current = page;
  useEffect(() => {
    goTo(pageBeforeZoom.current);
  }, [effectiveScale, goTo]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.target instanceof HTMLInputElement) return;
    if (e.key === 'PageDown') {
      e.preventDefault();
      goTo(page + 1);
    } else if (e.key === 'PageUp') {
      e.preventDefault();
      goTo(page - 1);
    } else if ((e.ctrlKey || e.metaKey) && (e.key === '+' || e.key === '=')) {
      e.preventDefault();
      zoom(1);
    } else if ((e.ctrlKey || e.metaKey) && e.key === '-') {
      e.preventDefault();
      zoom(-1);
    } else if ((e.ctrlKey || e.metaKey) && e.key === '0') {
      e.preventDefault();
      setScale('fit');
    }
  }

  const thumbScale = THUMB_WIDTH / widest;
  return (
    <div className="pdfv" tabIndex={0} onKeyDown={onKeyDown} role="region" aria-label={t('docs.pdf.region', { name: fileName })} aria-keyshortcuts="PageUp PageDown Control+= Control+- Control+0">
      {state.kind !== 'error' && (
        <div className="pdfv__toolbar" role="toolbar" aria-label={t('docs.pdf.toolbar')}>
          <button type="button" className="btn btn--ghost btn--small" aria-pressed={showThumbs} onClick={() => setShowThumbs((v) => !v)}>
            {t('docs.pdf.thumbnails')}
          </button>
          <span className="pdfv__sep" />
          <button type="button" className="btn btn--ghost btn--small" onClick={() => goTo(page - 1)} disabled={page <= 1} aria-label={t('docs.pdf.prev')} title={`${t('docs.pdf.prev')} (PgUp)`}>
            ‹
          </button>
          <form
            className="pdfv__jump"
            onSubmit={(e) => {
              e.preventDefault();
              const n = Number(pageInput);
              if (Number.isInteger(n)) goTo(n);
              else setPageInput(String(page));
            }}
          >
            <label htmlFor="pdfv-page" className="sr-only">
              {t('docs.pdf.pageNumber')}
            </label>
            <input id="pdfv-page" className="pdfv__page-input" inputMode="numeric" value={pageInput} onChange={(e) => setPageInput(e.target.value)} onBlur={() => setPageInput(String(page))} />
            <span className="pdfv__count" data-testid="pdf-page-count">
              / {pageCount || '…'}
            </span>
          </form>
          <button type="button" className="btn btn--ghost btn--small" onClick={() => goTo(page + 1)} disabled={page >= pageCount} aria-label={t('docs.pdf.next')} title={`${t('docs.pdf.next')} (PgDn)`}>
            ›
          </button>
          <span className="pdfv__sep" />
          <button type="button" className="btn btn--ghost btn--small" onClick={() => zoom(-1)} aria-label={t('docs.pdf.zoomOut')} title={`${t('docs.pdf.zoomOut')} (Ctrl+-)`}>
            −
          </button>
          <span className="pdfv__zoom" aria-live="polite">
            {Math.round(effectiveScale * 100)}%
          </span>
          <button type="button" className="btn btn--ghost btn--small" onClick={() => zoom(1)} aria-label={t('docs.pdf.zoomIn')} title={`${t('docs.pdf.zoomIn')} (Ctrl+=)`}>
            +
          </button>
          <button type="button" className="btn btn--ghost btn--small" aria-pressed={scale === 'fit'} onClick={() => setScale('fit')} title="Ctrl+0">
            {t('docs.pdf.fitWidth')}
          </button>
        </div>
      )}
      <div className="pdfv__body">
        {showThumbs && state.kind === 'ready' && (
          <nav className="pdfv__thumbs" ref={setThumbRoot} aria-label={t('docs.pdf.thumbnails')}>
            {sizes.map((s, i) => (
              <button key={i} type="button" className="pdfv__thumb" aria-current={page === i + 1 ? 'page' : undefined} onClick={() => goTo(i + 1)}>
                <PdfPage doc={state.pdf.doc} pageNumber={i + 1} scale={thumbScale} size={s} withTextLayer={false} scrollRoot={thumbRoot} label={t('docs.pdf.page', { n: i + 1 })} />
                <span>{i + 1}</span>
              </button>
            ))}
          </nav>
        )}
        <div className="pdfv__pages" ref={setScroller} onScroll={onScroll}>
          {state.kind === 'loading' && <p className="pdfv__status">{t('docs.pdf.loading')}</p>}
          {state.kind === 'error' && (
            <p className="pdfv__status pdfv__status--error" role="alert">
              {t(state.reason === 'encrypted' ? 'docs.pdf.encrypted' : 'docs.pdf.corrupt')}
            </p>
          )}
          {state.kind === 'ready' &&
            sizes.map((s, i) => (
              <PdfPage key={i} doc={state.pdf.doc} pageNumber={i + 1} scale={effectiveScale} size={s} withTextLayer scrollRoot={scroller} label={t('docs.pdf.page', { n: i + 1 })} />
            ))}
        </div>
      </div>
    </div>
  );
}
