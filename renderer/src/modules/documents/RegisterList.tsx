import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../../../shared/permissions';
import { useApp } from '../../app/context';
import { navigate } from '../../app/router';
import { PageHeader } from '../../ui/PageHeader';
import { useLoad, useReloadOn } from '../../ui/useLoad';
import { DocsTabs } from './DocsTabs';
import { DocumentFilters, type ListFilters } from './DocumentFilters';
import { DocumentTable, type Column } from './DocumentTable';
import { docErrorMessage } from './format';
import { usePagedList, type PageRequest } from './usePagedList';

/** The register page both directions share: header, tabs, filters, capped count, virtual table. */
export function RegisterList(props: {
  direction: 'incoming' | 'outgoing';
  title: string;
  tableLabel: string;
  create: { href: string; label: string; permission: Permission };
  statuses: readonly string[];
  columns: Column[];
}) {
  const { direction } = props;
  const { t, i18n } = useTranslation();
  const { call, session } = useApp();
  const [filters, setFilters] = useState<ListFilters>({});
  const registers = useLoad(() => call('registers.list', { direction }), [call, direction]);
  const fetchPage = useCallback(
    (req: PageRequest) =>
      call('documents.list', { direction, ...filters, ...req }).then((r) => ({ items: r.documents, total: r.total, capped: r.totalCapped, startCursor: r.startCursor, endCursor: r.endCursor })),
    [call, filters, direction],
  );
  const list = usePagedList(fetchPage, JSON.stringify(filters));
  useReloadOn(['documents'], list.reload);
  return (
    <div className="page page--wide doc-list-page">
      <PageHeader
        title={props.title}
        actions={
          session.permissions.has(props.create.permission) && (
            <a className="btn btn--primary" href={props.create.href}>
              + {props.create.label}
            </a>
          )
        }
      />
      <DocsTabs prefix={direction} current="list" />
      <DocumentFilters value={filters} onChange={setFilters} registers={registers.data?.registers ?? []} statuses={props.statuses} />
      <p className="doc-list__count muted" aria-live="polite">
        {list.total !== null && t(list.capped ? 'docs.list.countAtLeast' : 'docs.list.count', { count: list.total, formattedCount: list.total.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'vi-VN') })}
      </p>
      <DocumentTable list={list} columns={props.columns} label={props.tableLabel} onOpen={(d) => navigate(`/${direction}/doc/${d.id}`)} />
      {list.error !== null && <p className="field__error">{docErrorMessage(t, i18n.language, list.error)}</p>}
    </div>
  );
}
