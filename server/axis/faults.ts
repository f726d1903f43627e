// Fault injection for tests of the sync engine: the real axis is slow, drops connections, fails,
// delivers twice and out of order. Switches are set through PUT /admin/faults or AXIS_FAULTS (JSON).

export interface AxisFaults {
  /** Added to every /v1 request before it is handled. */
  latencyMs: number;
  /** Probability (0–1) that a /v1 request's connection is closed before it is handled. */
  dropRate: number;
  /** Probability that a /v1 request is answered HTTP 500 before it is handled. */
  errorRate: number;
  /** Probability that a /v1 request is handled (and committed) but the connection is then closed. */
  dropAfterCommitRate: number;
  /** Probability that each listed package is listed twice (at-least-once delivery). */
  duplicateRate: number;
  /** List received packages newest first instead of oldest first. */
  reorder: boolean;
  /** Deterministic variant of dropRate: close the connection of the next N /v1 requests. */
  dropNext: number;
}

export const NO_FAULTS: AxisFaults = { latencyMs: 0, dropRate: 0, errorRate: 0, dropAfterCommitRate: 0, duplicateRate: 0, reorder: false, dropNext: 0 };

function rate(v: unknown, name: string): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new Error(`${name} must be a number from 0 to 1`);
  return v;
}

/** Validates a (partial) fault setting; missing switches are off. */
export function parseFaults(input: unknown): AxisFaults {
  if (input === null || typeof input !== 'object') throw new Error('faults must be a JSON object');
  const o = input as Record<string, unknown>;
  const known = new Set(Object.keys(NO_FAULTS));
  const unknown = Object.keys(o).filter((k) => !known.has(k));
  if (unknown.length) throw new Error(`unknown fault switch: ${unknown.join(', ')}`);
  const latency = o.latencyMs ?? 0;
  if (typeof latency !== 'number' || !(latency >= 0 && latency <= 60_000)) throw new Error('latencyMs must be 0–60000');
  if (o.reorder !== undefined && typeof o.reorder !== 'boolean') throw new Error('reorder must be true or false');
  const dropNext = o.dropNext ?? 0;
  if (typeof dropNext !== 'number' || !Number.isInteger(dropNext) || dropNext < 0 || dropNext > 1000) throw new Error('dropNext must be a whole number 0–1000');
  return {
    latencyMs: latency,
    dropRate: rate(o.dropRate, 'dropRate'),
    errorRate: rate(o.errorRate, 'errorRate'),
    dropAfterCommitRate: rate(o.dropAfterCommitRate, 'dropAfterCommitRate'),
    duplicateRate: rate(o.duplicateRate, 'duplicateRate'),
    reorder: o.reorder === true,
    dropNext,
  };
}

export function chance(p: number): boolean {
  return p > 0 && (p >= 1 || Math.random() < p);
}
