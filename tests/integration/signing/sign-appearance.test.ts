import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFHexString, PDFName, StandardFonts, degrees, rgb } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { signPdf, type KeySpec } from '../../../core/signing/index';
import { fontBytes } from '../../../core/signing/appearance/build';
import { leaderLayout, MM } from '../../../core/signing/appearance/layout';
import { TEST_P12_PASSPHRASE, testPki, type EndEntityName } from '../../support/pki/index';
import { sealPng, signaturePng } from '../../support/pki/images';
import { samplePdf } from '../../support/pki/samplePdf';
import { countPixels, isBlue, isRed, mutoolText, pdfsig, qpdfCheckOk, renderRaster } from './signHelpers';

const pki = testPki();
const p12 = (name: EndEntityName): KeySpec => ({ kind: 'p12', file: pki.identities[name].p12File, passphrase: TEST_P12_PASSPHRASE });
const block = { x: 330, y: 480, width: 200, height: 110 };

/** A decision with its signature block printed in Vietnamese (Tinos), like a real outgoing document. */
async function vietnameseDecision(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(fontBytes('Tinos-Regular.ttf'), { subset: true });
  const bold = await doc.embedFont(fontBytes('Tinos-Bold.ttf'), { subset: true });
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('QUYẾT ĐỊNH', { x: 250, y: 760, size: 14, font: bold });
  page.drawText('Về việc thử nghiệm chữ ký số', { x: 200, y: 740, size: 13, font });
  page.drawText('KT. CHỦ TỊCH', { x: 390, y: 600, size: 13, font: bold });
  page.drawText('PHÓ CHỦ TỊCH', { x: 388, y: 584, size: 13, font: bold });
  page.drawText('Nguyễn Văn An', { x: 392, y: 470, size: 13, font: bold, color: rgb(0, 0, 0) });
  return doc.save({ useObjectStreams: false });
}

describe('visible signatures per Decree 30/2020', () => {
  it('draws the blue signature image between the title and the name, then the red seal over its left third; both signatures stay valid', async () => {
    const signatureImage = signaturePng();
    const sealImage = sealPng(400, 254); // 40 mm at real size
    const leaderSigned = await signPdf({
      input: await samplePdf(),
      key: p12('leader'),
      appearance: { signatureImage, authority: 'KT.', title: 'Chủ tịch\nPhó chủ tịch' },
      placement: { page: 1, rect: block },
    });
    const sealed = await signPdf({
      input: leaderSigned,
      key: p12('seal'),
      appearance: { sealImage, authority: 'KT.', title: 'Chủ tịch\nPhó chủ tịch' },
      placement: { page: 1, rect: block },
    });
    const sigs = pdfsig(sealed);
    expect(sigs).toHaveLength(2);
    for (const s of sigs) expect(s).toMatchObject({ signatureValid: true, certificateTrusted: true });
    expect(qpdfCheckOk(sealed)).toBe(true);

    const layout = leaderLayout({ block, hasTitle: true, titleLines: 2, hasName: true, imageAspect: 2.5, drawImage: true, sealSize: { width: 40 * MM, height: 40 * MM } });
    const raster = renderRaster(sealed, 1, 72);
    const image = layout.image!;
    const rightTwoThirds = { ...image, x: image.x + image.width / 3, width: (image.width * 2) / 3 };
    expect(countPixels(raster, rightTwoThirds, isBlue)).toBeGreaterThan(100);
    expect(countPixels(raster, layout.seal!, isRed)).toBeGreaterThan(300);
    // The seal reaches into the image's left third but not past it.
    const leftThird = { ...image, width: image.width / 3 };
    expect(countPixels(raster, leftThird, isRed)).toBeGreaterThan(20);
    expect(countPixels(raster, { ...rightTwoThirds, x: rightTwoThirds.x + 3 }, isRed)).toBe(0);

    const text = mutoolText(sealed);
    expect(text).toMatch(/KT\. CHỦ TỊCH\s+PHÓ CHỦ TỊCH/);
    expect(text).toContain('Nguyễn Văn An');
    // Tinos is embedded, and only as a subset (the full Tinos-Bold.ttf is 570 kB).
    const raw = Buffer.from(sealed).toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/Tinos-Bold/);
    expect(raw).toContain('/FontFile2');
    expect(sealed.length).toBeLessThan(200_000);
  });

  it('stamps attachments and copies with agency name and +07:00 time at the top right of page 1, in blue, without images', async () => {
    const time = new Date('2026-11-23T03:04:05Z');
    const signed = await signPdf({ input: await samplePdf({ pages: 2 }), key: p12('seal'), appearance: { style: 'stamp' }, signingTime: time });
    expect(pdfsig(signed)[0]).toMatchObject({ signatureValid: true, certificateTrusted: true });
    const text = mutoolText(signed);
    expect(text).toContain('UBND Thành phố Thử Nghiệm');
    expect(text).toContain('2026-11-23T10:04:05+07:00');
    const raster = renderRaster(signed, 1, 72);
    expect(countPixels(raster, { x: 395, y: 780, width: 180, height: 42 }, isBlue)).toBeGreaterThan(50);
    expect(countPixels(raster, { x: 0, y: 0, width: 595, height: 760 }, isBlue)).toBe(0);
    expect(Buffer.from(signed).toString('latin1')).not.toMatch(/\/Subtype\s*\/Image/);
  });

  it('finds the Vietnamese anchor text and puts the signature image under it', async () => {
    const signed = await signPdf({ input: await vietnameseDecision(), key: p12('leader'), appearance: { signatureImage: signaturePng() }, placement: { anchor: 'PHÓ CHỦ TỊCH' } });
    expect(pdfsig(signed)[0]).toMatchObject({ signatureValid: true, certificateTrusted: true });
    const raster = renderRaster(signed, 1, 72);
    // Between the title (y≈584) and the printed name (y≈470), centred on the title.
    expect(countPixels(raster, { x: 380, y: 490, width: 110, height: 90 }, isBlue)).toBeGreaterThan(100);
    expect(countPixels(raster, { x: 0, y: 600, width: 595, height: 240 }, isBlue)).toBe(0);
  });

  it('draws upright, where asked as displayed, on a page turned by /Rotate 90', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595.28, 841.89]);
    page.setRotation(degrees(90));
    page.drawText('rotated', { x: 100, y: 400, size: 20, font: await doc.embedFont(StandardFonts.TimesRoman) });
    let pdf = await doc.save();
    pdf = await signPdf({ input: pdf, key: p12('seal'), appearance: { style: 'stamp' } });
    pdf = await signPdf({ input: pdf, key: p12('leader'), appearance: { signatureImage: signaturePng() }, placement: { page: 1, rect: { x: 500, y: 100, width: 250, height: 100 } } });
    for (const s of pdfsig(pdf)) expect(s).toMatchObject({ signatureValid: true, certificateTrusted: true });
    // Displayed landscape: 841.89 wide, 595.28 high.
    const raster = renderRaster(pdf, 1, 72, 595.28);
    expect(raster.width).toBeGreaterThan(raster.height);
    const stampArea = { x: 600, y: 530, width: 242, height: 65 };
    expect(countPixels(raster, stampArea, isBlue)).toBeGreaterThan(50);
    // Upright text lines: the blue ink spreads wider than tall.
    const columns = [0, 1, 2, 3].map((i) => countPixels(raster, { ...stampArea, x: stampArea.x + (i * stampArea.width) / 4, width: stampArea.width / 4 }, isBlue));
    expect(columns.filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
    expect(countPixels(raster, { x: 500, y: 100, width: 250, height: 100 }, isBlue)).toBeGreaterThan(100);
    expect(countPixels(raster, { x: 0, y: 0, width: 480, height: 595 }, isBlue)).toBe(0);
  });

  it('signs into a signature field prepared by a template, drawing the image in the field', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage([595.28, 841.89]);
    const ctx = doc.context;
    const widget = ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Sig', T: PDFHexString.fromText('ChuTich'), Rect: [320, 150, 520, 250], F: 4, P: page.ref }));
    page.node.set(PDFName.of('Annots'), ctx.obj([widget]));
    doc.catalog.set(PDFName.of('AcroForm'), ctx.register(ctx.obj({ Fields: [widget] })));
    const template = await doc.save({ useObjectStreams: false });
    const signed = await signPdf({ input: template, key: p12('leader'), fieldName: 'ChuTich', appearance: { signatureImage: signaturePng() } });
    const [sig] = pdfsig(signed);
    expect(sig).toMatchObject({ field: 'ChuTich', signatureValid: true, certificateTrusted: true });
    expect(pdfsig(signed)).toHaveLength(1);
    const raster = renderRaster(signed, 1, 72);
    expect(countPixels(raster, { x: 320, y: 150, width: 200, height: 100 }, isBlue)).toBeGreaterThan(100);
    expect(countPixels(raster, { x: 0, y: 260, width: 595, height: 580 }, isBlue)).toBe(0);
  });

  it('explains a missing anchor and a bad authority prefix, changing nothing', async () => {
    await expect(
      signPdf({ input: await samplePdf(), key: p12('leader'), appearance: { signatureImage: signaturePng() }, placement: { anchor: 'GIÁM ĐỐC' } }),
    ).rejects.toMatchObject({ code: 'SIG_ANCHOR_NOT_FOUND' });
    await expect(
      signPdf({ input: await samplePdf(), key: p12('leader'), appearance: { authority: 'XX.' as never }, placement: { page: 1, rect: block } }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
