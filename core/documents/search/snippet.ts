import { findSpans, type ClauseMatcher, type Span } from './matcher';

/** A piece of text to show; `match` pieces are highlighted. Structured so no UI renders HTML from data. */
export interface Segment {
  text: string;
  match: boolean;
}

function segmentsOf(text: string, spans: readonly Span[], from: number, to: number): Segment[] {
  const out: Segment[] = [];
  let pos = from;
  for (const s of spans) {
    if (s.end <= from || s.start >= to || s.start < pos) continue;
    if (s.start > pos) out.push({ text: text.slice(pos, s.start), match: false });
    out.push({ text: text.slice(s.start, Math.min(s.end, to)), match: true });
    pos = Math.min(s.end, to);
  }
  if (pos < to) out.push({ text: text.slice(pos, to), match: false });
  return mergeAdjacentMatches(out);
}

/** "[chữ] [ký] [số]" reads better as "[chữ ký số]": join matches separated only by spaces. */
function mergeAdjacentMatches(segs: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    const prev = out[out.length - 1];
    const next = segs[i + 1];
    if (!s.match && prev?.match && next?.match && /^ +$/.test(s.text)) {
      prev.text += s.text + next.text;
      i++;
      continue;
    }
    if (s.match && prev?.match) {
      prev.text += s.text;
      continue;
    }
    out.push({ ...s });
  }
  return out;
}

/** The whole text with every match highlighted (subject lines). */
export function highlightAll(text: string, matchers: readonly ClauseMatcher[]): Segment[] {
  const nfc = text.normalize('NFC');
  return segmentsOf(nfc, findSpans(nfc, matchers), 0, nfc.length);
}

/**
 * A window of about `width` characters of `text` holding the most distinct clauses (then the most
 * matches), cut at word boundaries, with the matches highlighted and "…" where text was cut.
 */
export function snippet(text: string, matchers: readonly ClauseMatcher[], width = 180): Segment[] {
  const nfc = text.normalize('NFC').replace(/\s+/g, ' ');
  if (!nfc.trim()) return [];
  const spans = findSpans(nfc, matchers, undefined, 200);
  let bestStart = 0;
  if (spans.length) {
    let best = -1;
    for (let i = 0; i < spans.length; i++) {
      const winStart = spans[i]!.start;
      const clauses = new Set<number>();
      let hits = 0;
      for (let j = i; j < spans.length && spans[j]!.end <= winStart + width; j++) {
        clauses.add(spans[j]!.clause);
        hits++;
      }
      const score = clauses.size * 1000 + hits;
      if (score > best) {
        best = score;
        bestStart = winStart;
      }
    }
    // Some context before the first match.
    bestStart = Math.max(0, bestStart - Math.floor(width / 5));
  }
  let from = bestStart;
  if (from > 0) {
    const space = nfc.indexOf(' ', from);
    from = space >= 0 && space < from + 20 ? space + 1 : from;
  }
  let to = Math.min(nfc.length, from + width);
  if (to < nfc.length) {
    const space = nfc.lastIndexOf(' ', to);
    if (space > from + width / 2) to = space;
  }
  const segs = segmentsOf(nfc, spans, from, to);
  if (from > 0) segs.unshift({ text: '…', match: false });
  if (to < nfc.length) segs.push({ text: '…', match: false });
  return segs;
}

export function segmentsToText(segs: readonly Segment[], mark: [string, string] = ['[', ']']): string {
  return segs.map((s) => (s.match ? `${mark[0]}${s.text}${mark[1]}` : s.text)).join('');
}
