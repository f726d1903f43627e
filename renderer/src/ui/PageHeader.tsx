import type { ReactNode } from 'react';

/** The page title; focusable so keyboard shortcuts and the skip link can land on it. */
export function PageHeader({ title, actions }: { title: string; actions?: ReactNode }) {
  return (
    <header className="page__header">
      <h1 tabIndex={-1} className="page__title">
        {title}
      </h1>
      {actions && <div className="page__actions">{actions}</div>}
    </header>
  );
}
