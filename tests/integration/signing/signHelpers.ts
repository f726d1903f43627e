export { pdfsig, mutoolText, renderPage, renderRaster, countPixels, isBlue, isRed, pdffonts, extractSignatures, opensslVerify } from '../../support/pki/tools';
import { qpdfCheck } from '../../support/pki/samplePdf';

export function qpdfCheckOk(bytes: Uint8Array): boolean {
  return qpdfCheck(bytes).code === 0;
}
