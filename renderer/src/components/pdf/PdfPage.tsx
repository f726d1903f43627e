import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy, RenderTask, TextLayer } from 'pdfjs-dist';
import { loadPdfjs } from './pdfjs';

export interface PageSize {
  width: number;
  height: number;
}

interface PdfPageProps {
  doc: PDFDocumentProxy;
  pageNumber: number;
  /** CSS pixels per PDF point. */
  scale: number;
  /** Size at scale 1, known before the page renders (keeps the scroll height stable). */
  size: PageSize;
  withTextLayer: boolean;
  /** Root of the scrolling area: pages render only when near its viewport. */
  scrollRoot: HTMLElement | null;
  label: string;
  onRendered?: (pageNumber: number) => void;
}

/** One page: a canvas at the device's pixel density plus a transparent text layer for selection. */
export function PdfPage({ doc, pageNumber, scale, size, withTextLayer, scrollRoot, label, onRendered }: PdfPageProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(typeof IntersectionObserver === 'undefined');
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const box = boxRef.current;
    if (!box || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => setNear(entries.some((e) => e.isIntersecting)), { root: scrollRoot, rootMargin: '400px 0px' });
    io.observe(box);
    return () => io.disconnect();
  }, [scrollRoot]);

  useEffect(() => {
    if (!near) return;
    let cancelled = false;
    let renderTask: RenderTask | null = null;
    let textLayer: TextLayer | null = null;
    (async () => {
      const page = await doc.getPage(pageNumber);
      if (cancelled) return;
      const viewport = page.getViewport({ scale });
      const canvas = canvasRef.current;
      if (!canvas) return;
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = `${Math.floor(viewport.width)}px`;
      canvas.style.height = `${Math.floor(viewport.height)}px`;
      renderTask = page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
      await renderTask.promise;
      if (cancelled) return;
      if (withTextLayer && textRef.current) {
        // Already loaded: a page renders only for a document pdf.js has opened.
        const pdfjs = await loadPdfjs();
        if (cancelled || !textRef.current) return;
        textRef.current.replaceChildren();
        textLayer = new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: textRef.current, viewport });
        await textLayer.render();
      }
      if (!cancelled) {
        setFailed(false);
        onRendered?.(pageNumber);
      }
    })().catch((e: unknown) => {
      if (cancelled || (e as { name?: string }).name === 'RenderingCancelledException') return;
      setFailed(true);
    });
    return () => {
      cancelled = true;
      renderTask?.cancel();
      textLayer?.cancel();
    };
  }, [doc, pageNumber, scale, near, withTextLayer, onRendered]);

  const width = Math.floor(size.width * scale);
  const height = Math.floor(size.height * scale);
  return (
    <div
      ref={boxRef}
      className="pdf-page"
      data-page={pageNumber}
      role="group"
      aria-label={label}
      style={{ width, height, ['--total-scale-factor' as string]: String(scale), ['--scale-round-x' as string]: '1px', ['--scale-round-y' as string]: '1px' }}
    >
      <canvas ref={canvasRef} aria-hidden="true" />
      {withTextLayer && <div ref={textRef} className="textLayer" />}
      {failed && <div className="pdf-page__failed">!</div>}
    </div>
  );
}
