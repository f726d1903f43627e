import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import pkcs11js from 'pkcs11js';
import fc from 'fast-check';
import { leaderLayout, pngPhysicalSize, stampRect, vietnamIsoTime, visualPageSize, visualToUser, rotationMatrix, MM, type Rotation } from '../../../core/signing/appearance/layout';
import { titleLinesOf } from '../../../core/signing/appearance/index';
import { ecdsaRawToDer, pkcs11ErrorToAppError } from '../../../core/signing/keys/pkcs11';
import { sealPng, signaturePng } from '../../support/pki/images';

describe('Decree 30 signature block layout', () => {
  const block = { x: 300, y: 100, width: 200, height: 110 };

  it('centres the signature image between the title line and the name', () => {
    const l = leaderLayout({ block, hasTitle: true, hasName: true, imageAspect: 2.5, drawImage: true });
    expect(l.title!.y).toBeGreaterThan(l.image!.y + l.image!.height);
    expect(l.name!.y + l.name!.height).toBeLessThan(l.image!.y);
    expect(l.image!.x + l.image!.width / 2).toBeCloseTo(block.x + block.width / 2);
    const gapAbove = l.title!.y - (l.image!.y + l.image!.height);
    const gapBelow = l.image!.y - (l.name!.y + l.name!.height);
    expect(gapAbove).toBeCloseTo(gapBelow);
  });

  it('puts the seal at its given size over the left third of the signature image and widens the widget to hold it', () => {
    const seal = { width: 40 * MM, height: 40 * MM };
    const l = leaderLayout({ block, hasTitle: true, hasName: true, imageAspect: 2.5, drawImage: true, sealSize: seal });
    expect(l.seal!.width).toBeCloseTo(seal.width);
    const overlap = l.seal!.x + l.seal!.width - l.image!.x;
    expect(overlap / l.image!.width).toBeCloseTo(1 / 3);
    expect(l.seal!.y + l.seal!.height / 2).toBeCloseTo(l.image!.y + l.image!.height / 2);
    expect(l.widget.x).toBeLessThanOrEqual(l.seal!.x);
    expect(l.widget.x + l.widget.width).toBeGreaterThanOrEqual(block.x + block.width);
  });

  it('keeps the image inside the block for any aspect ratio', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.2, max: 8, noNaN: true }), (aspect) => {
        const l = leaderLayout({ block, hasTitle: true, hasName: true, imageAspect: aspect, drawImage: true });
        const i = l.image!;
        return i.x >= block.x - 1e-6 && i.x + i.width <= block.x + block.width + 1e-6 && Math.abs(i.width / i.height - aspect) < 1e-6;
      }),
    );
  });

  it('puts the authority prefix before the first title line (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH)', () => {
    expect(titleLinesOf('KT.', 'CHỦ TỊCH\nPHÓ CHỦ TỊCH')).toEqual(['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
    expect(titleLinesOf('TM.', 'ỦY BAN NHÂN DÂN')).toEqual(['TM. ỦY BAN NHÂN DÂN']);
    expect(titleLinesOf(undefined, 'GIÁM ĐỐC')).toEqual(['GIÁM ĐỐC']);
    expect(titleLinesOf(undefined, undefined)).toEqual([]);
    const two = leaderLayout({ block, hasTitle: true, titleLines: 2, hasName: true, imageAspect: 2.5, drawImage: true });
    expect(two.title!.height).toBe(32);
    expect(two.image!.y + two.image!.height).toBeLessThan(two.title!.y);
  });

  it('places the copy stamp at the top right of the page, inside the margin', () => {
    const r = stampRect({ width: 595, height: 842 }, 150, 2, 10);
    expect(r.x + r.width).toBeCloseTo(575);
    expect(r.y + r.height).toBeCloseTo(822);
  });

  it('writes the stamp time as ISO 8601 with +07:00', () => {
    expect(vietnamIsoTime(new Date('2026-12-31T18:30:05Z'))).toBe('2027-01-01T01:30:05+07:00');
  });

  it('reads the physical size of a PNG from pHYs (real-size seal)', () => {
    const size = pngPhysicalSize(sealPng(400, 254))!; // 400 px at 254 dpi = 40 mm
    expect(size.width / MM).toBeCloseTo(40, 1);
    expect(pngPhysicalSize(signaturePng())).toBeUndefined();
  });
});

describe('rotated pages', () => {
  it('maps a displayed rectangle into the crop box, and the appearance matrix turns its box onto it', () => {
    const box = { x: 10, y: 20, width: 595, height: 842 };
    fc.assert(
      fc.property(fc.constantFrom<Rotation>(0, 90, 180, 270), fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }), (rotation, fx, fy) => {
        const page = visualPageSize(box, rotation);
        const visual = { x: (rotation === 0 ? box.x : 0) + fx * page.width, y: (rotation === 0 ? box.y : 0) + fy * page.height, width: page.width / 4, height: page.height / 5 };
        const user = visualToUser(visual, rotation, box);
        const inside = user.x >= box.x - 1e-6 && user.y >= box.y - 1e-6 && user.x + user.width <= box.x + box.width + 1e-6 && user.y + user.height <= box.y + box.height + 1e-6;
        // The matrix applied to the upright box gives a box of the user rectangle's size.
        const [a, b, c, d] = rotationMatrix(rotation);
        const w = Math.abs(a * visual.width + c * visual.height);
        const h = Math.abs(b * visual.width + d * visual.height);
        return inside && Math.abs(w - user.width) < 1e-6 && Math.abs(h - user.height) < 1e-6;
      }),
    );
  });
});

describe('PKCS#11 details', () => {
  it('turns a raw ECDSA r‖s into a DER signature that verifies', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 20; i++) {
      const data = Buffer.from(`message ${i}`);
      const raw = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      const der = ecdsaRawToDer(raw);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, der)).toBe(true);
    }
  });

  it('maps token return values to the app’s error codes', () => {
    // SoftHSM2 never locks a user PIN, so the locked mapping is checked with the library's own error type.
    const err = (name: string, code: number) => new pkcs11js.Pkcs11Error(name, code, 'C_Login');
    expect(pkcs11ErrorToAppError(err('CKR_PIN_INCORRECT', 0xa0)).code).toBe('SIG_PIN_WRONG');
    expect(pkcs11ErrorToAppError(err('CKR_PIN_LOCKED', 0xa4)).code).toBe('SIG_PIN_LOCKED');
    expect(pkcs11ErrorToAppError(err('CKR_TOKEN_NOT_PRESENT', 0xe0)).code).toBe('SIG_TOKEN_REMOVED');
    expect(pkcs11ErrorToAppError(err('CKR_DEVICE_REMOVED', 0x32)).code).toBe('SIG_TOKEN_REMOVED');
  });
});
