import { lazy, type ComponentType } from 'react';

/**
 * A module page loaded on first visit, in its own bundle chunk: keeps heavy pages (pdf.js, editors)
 * out of the start-up bundle. `Page: lazyPage(() => import('./IncomingPage'), 'IncomingPage')`.
 * The frame shows a loading line while the chunk arrives.
 */
export function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType<{ subpath: string }>>>, exportName: K): ComponentType<{ subpath: string }> {
  type PageComponent = ComponentType<{ subpath: string }>;
  return lazy<PageComponent>(async () => ({ default: (await load())[exportName] as PageComponent }));
}
