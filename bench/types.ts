/** One measured figure. `ratio` compares against a baseline measured in the same run. */
export interface Figure {
  metric: string;
  value: number;
  unit: string;
  target?: string;
  baseline?: { what: string; value: number; unit: string };
  ratio?: number;
  note?: string;
}

export interface BenchResult {
  name: string;
  figures: Figure[];
  details?: Record<string, unknown>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function stats(samples: number[]): { p50: number; p95: number; mean: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), mean: s.reduce((a, b) => a + b, 0) / s.length, n: s.length };
}

export const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
