import { useSyncExternalStore } from 'react';

// Hash routing (`#/incoming/123`): works the same from file:// in Electron and over HTTP in web
// mode, and needs no server support.

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function currentPath(): string {
  const h = window.location.hash;
  return h.startsWith('#/') ? h.slice(1) : '/';
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, currentPath, () => '/');
}

export function navigate(path: string): void {
  const target = `#${path.startsWith('/') ? path : `/${path}`}`;
  if (window.location.hash !== target) window.location.hash = target;
}

/** `/admin/users` under prefix `/admin` → `/users`; undefined when the path is elsewhere. */
export function subPath(path: string, prefix: string): string | undefined {
  if (path === prefix) return '/';
  if (path.startsWith(`${prefix}/`)) return path.slice(prefix.length);
  return undefined;
}

export function href(path: string): string {
  return `#${path}`;
}
