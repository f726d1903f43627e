// Vite turns `?url` imports into the URL of the copied asset (served from 'self', as the CSP asks).
declare module 'pdfjs-dist/build/pdf.worker.min.mjs?url' {
  const url: string;
  export default url;
}
