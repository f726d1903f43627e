import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exactForm, foldText, prepareText, splitWords } from '../../../core/documents/search/normalize';
import { parseQuery, textExpression } from '../../../core/documents/search/query';
import { demoCorpusDir } from '../../../core/demo';

const corpus = fs
  .readdirSync(demoCorpusDir())
  .filter((f) => f.endsWith('.txt'))
  .map((f) => fs.readFileSync(path.join(demoCorpusDir(), f), 'utf8'));

describe('Vietnamese text normalisation', () => {
  it('folds a corpus sentence to lowercase without any tone or vowel mark, đ becoming d', () => {
    const sentence = 'Căn cứ Nghị quyết 17/NQ-CP ngày 07/3/2019 của Chính phủ về một số nhiệm vụ, giải pháp trọng tâm phát triển chính phủ điện tử';
    expect(corpus[0]).toContain(sentence);
    expect(foldText(sentence)).toBe('can cu nghi quyet 17/nq-cp ngay 07/3/2019 cua chinh phu ve mot so nhiem vu, giai phap trong tam phat trien chinh phu dien tu');
    expect(foldText('ĐẮK LẮK, Đồng Nai, Ủy ban')).toBe('dak lak, dong nai, uy ban');
  });

  it('treats decomposed text (as one corpus file has it) the same as precomposed text', () => {
    const decomposed = corpus.find((t) => t !== t.normalize('NFC'))!;
    expect(decomposed).toBeDefined();
    const word = 'Truye\u0302\u0300n'; // ê as e + circumflex would be full NFD; the file has ê + combining grave
    const asInFile = 'Truy\u00ea\u0300n';
    expect(decomposed).toContain(asInFile);
    expect(foldText(asInFile)).toBe('truyen');
    expect(foldText(word)).toBe('truyen');
    expect(prepareText(`Sở Thông tin và ${word} thông`).exactWords.split(' ')).toContain('truyền');
  });

  it('keeps folded offsets aligned with the original so highlights land on the right letters', () => {
    for (const text of corpus) {
      const nfc = text.normalize('NFC');
      expect(foldText(nfc).length).toBe(nfc.length);
    }
  });

  it('lists each word that carries a diacritic once, lowercase, and leaves plain words to the folded form', () => {
    const { folded, exactWords } = prepareText('Quyết định số 1296/QĐ-UBND về Kế hoạch, kế hoạch của UBND tỉnh');
    expect(folded).toBe('quyet dinh so 1296/qd-ubnd ve ke hoach, ke hoach cua ubnd tinh');
    expect(exactWords.split(' ').sort()).toEqual(['của', 'hoạch', 'kế', 'quyết', 'qđ', 'số', 'tỉnh', 'về', 'định'].sort());
  });

  it('accepts old and new tone placement as the same word (hòa/hoà, thủy/thuỷ, ủy/uỷ) but keeps quý as it is', () => {
    expect(exactForm('CỘNG HOÀ')).toBe(exactForm('Cộng hòa'));
    expect(exactForm('thuỷ lợi')).toBe('thủy lợi');
    expect(exactForm('Uỷ ban')).toBe('ủy ban');
    expect(exactForm('Quý I')).toBe('quý i');
    expect(exactForm('hoàn thành')).toBe('hoàn thành');
  });

  it('splits notations into their parts the way the index does', () => {
    expect(splitWords('Quyết định số 1296/QĐ-UBND')).toEqual(['Quyết', 'định', 'số', '1296', 'QĐ', 'UBND']);
  });
});

describe('query parsing', () => {
  it('matches a word typed without diacritics in its folded form, and one typed with diacritics exactly', () => {
    expect(textExpression(parseQuery('ke hoach'))).toBe('{s f} : "ke" AND {s f} : "hoach"');
    expect(textExpression(parseQuery('kế hoạch'))).toBe('x : "kế" AND x : "hoạch"');
    expect(textExpression(parseQuery('ký số'))).toBe('x : "ký" AND x : "số"');
  });

  it('turns a notation into a phrase of its parts and keeps the exact form of its marked part', () => {
    expect(textExpression(parseQuery('1296/QĐ-UBND'))).toBe('({s f} : "1296 qd ubnd" AND x : "qđ")');
    expect(textExpression(parseQuery('17/NQ-CP'))).toBe('{s f} : "17 nq cp"');
  });

  it('supports quoted phrases, prefixes and excluded words', () => {
    expect(textExpression(parseQuery('"kế hoạch" chuyen*'))).toBe('({s f} : "ke hoach" AND x : "kế" AND x : "hoạch") AND {s f} : "chuyen"*');
    expect(textExpression(parseQuery('chữ -mật'))).toBe('(x : "chữ") NOT (x : "mật")');
    expect(() => textExpression(parseQuery('-mật'))).toThrow(/at least one word/);
  });

  it('ignores characters that FTS5 would read as syntax', () => {
    expect(textExpression(parseQuery('a) OR "b NEAR(c'))).toBe('{s f} : "a" AND {s f} : "or" AND {s f} : "b" AND {s f} : "near c"');
  });
});
