// A one-time message carried from one page to the next (e.g. "Registered: arrival number 12").

let pending: { kind: 'success' | 'info'; text: string; lines?: string[] } | null = null;

export function setFlash(f: NonNullable<typeof pending>): void {
  pending = f;
}

export function takeFlash(): typeof pending {
  const f = pending;
  pending = null;
  return f;
}
