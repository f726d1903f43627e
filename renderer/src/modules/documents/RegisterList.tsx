import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary, RegisterView } from '../../../../shared/api/documents';
import type { Permission } from '../../../../shared/permissions';
import { useApp } from '../../app/context';
import { navigate } from '../../app/router';
import { PageHeader } from '../../ui/PageHeader';
import { useLoad, useReloadOn } from '../../ui/useLoad';
import { DocsTabs } from './DocsTabs';
import { DocumentFilters, type ListFilters } from './DocumentFilters';
import { DocumentTable, type Column, type RowTarget } from './DocumentTable';
import { docErrorMessage } from './format';
import { usePagedList, type JumpTarget, type PageRequest } from './usePagedList';

type Direction = 'incoming' | 'outgoing';
type Sort = 'date' | 'number';
type Translate = ReturnType<typeof useTranslation>['t'];

/** The register page both directions share: header, tabs, filters, sort, jump to a number, capped count, virtual table. */
export function RegisterList(props: {
  direction: Direction;
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
  const [sort, setSort] = useState<Sort>('date');
  const registers = useLoad(() => call('registers.list', { direction }), [call, direction]);
  const fetchPage = useCallback(
    ({ at, ...req }: PageRequest) =>
      call('documents.list', { direction, ...filters, sort, ...req, ...(at ? { atNumber: at.number, atYear: at.year } : {}) }).then((r) => ({
        items: r.documents,
        total: r.total,
        capped: r.totalCapped,
        startCursor: r.startCursor,
        endCursor: r.endCursor,
        position: r.position,
      })),
    [call, filters, direction, sort],
  );
  const list = usePagedList(fetchPage, JSON.stringify([filters, sort]));
  useReloadOn(['documents'], list.reload);

  // A jump asked for waits one render when it first switches the list to number order, so the
  // pager has started the new list before the jump replaces its pages.
  const [pendingJump, setPendingJump] = useState<(JumpTarget & { seq: number }) | null>(null);
  const [target, setTarget] = useState<RowTarget | null>(null);
  const [jumpMessage, setJumpMessage] = useState<{ text: string; problem: boolean; exact: boolean } | null>(null);
  const seq = useRef(0);
  const { jump } = list;
  const registerList = registers.data?.registers;
  useEffect(() => {
    if (!pendingJump) return;
    let live = true;
    jump(pendingJump).then(
      (found) => {
        if (!live || !found) return;
        const message = describeJump(t, direction, pendingJump, found.item, registersShown(registerList ?? [], filters.registerId));
        // The list opens where the number is, or would be; only the number itself is marked and focused
        // (otherwise focus stays in the box, to correct the number).
        setTarget({ index: found.index, seq: pendingJump.seq, mark: message.exact });
        setJumpMessage(message);
      },
      (e: unknown) => live && setJumpMessage({ text: docErrorMessage(t, i18n.language, e), problem: true, exact: false }),
    );
    return () => {
      live = false;
    };
    // Only a new jump starts one; later list or language changes leave the result as it is.
  }, [pendingJump]);

  const startJump = (at: JumpTarget) => {
    if (sort !== 'number') setSort('number');
    setPendingJump({ ...at, seq: ++seq.current });
  };
  const changeSort = (s: Sort) => {
    setSort(s);
    setTarget(null);
    setJumpMessage(null);
  };

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
      <DocumentFilters
        value={filters}
        onChange={(f) => {
          setFilters(f);
          setTarget(null);
        }}
        registers={registerList ?? []}
        statuses={props.statuses}
      />
      <div className="doc-filters doc-jump" role="group" aria-label={t('docs.jump.label')}>
        <label className="doc-filter">
          <span>{t('docs.jump.sort')}</span>
          <select value={sort} onChange={(e) => changeSort(e.target.value as Sort)}>
            <option value="date">{t(`docs.jump.${direction}ByDate`)}</option>
            <option value="number">{t(`docs.jump.${direction}ByNumber`)}</option>
          </select>
        </label>
        <JumpBox direction={direction} defaultYear={filters.dateFrom ? Number(filters.dateFrom.slice(0, 4)) : new Date().getFullYear()} onJump={startJump} onInvalid={(text) => setJumpMessage({ text, problem: true, exact: false })} />
      </div>
      <p className={jumpMessage?.problem ? 'field__error doc-jump__message' : 'muted doc-jump__message'} role="status" aria-live="polite" data-testid="doc-jump-message">
        {jumpMessage?.text}
      </p>
      <p className="doc-list__count muted" aria-live="polite">
        {list.total !== null && t(list.capped ? 'docs.list.countAtLeast' : 'docs.list.count', { count: list.total, formattedCount: list.total.toLocaleString(i18n.language === 'en' ? 'en-GB' : 'vi-VN') })}
      </p>
      <DocumentTable list={list} columns={props.columns} label={props.tableLabel} target={target} onOpen={(d) => navigate(`/${direction}/doc/${d.id}`)} />
      {list.error !== null && <p className="field__error">{docErrorMessage(t, i18n.language, list.error)}</p>}
    </div>
  );
}

/** The number and year boxes; Enter in either jumps. */
function JumpBox({ direction, defaultYear, onJump, onInvalid }: { direction: Direction; defaultYear: number; onJump: (at: JumpTarget) => void; onInvalid: (text: string) => void }) {
  const { t } = useTranslation();
  const [number, setNumber] = useState('');
  const [year, setYear] = useState<string | null>(null);
  const yearText = year ?? String(defaultYear);
  return (
    <form
      className="doc-jump__form"
      // Its boxes line up in the bar around it, like the filters.
      style={{ display: 'contents' }}
      onSubmit={(e) => {
        e.preventDefault();
        const n = Number(number.trim());
        const y = Number(yearText.trim());
        if (!/^\d+$/.test(number.trim()) || n < 1 || n > 9_999_999) return onInvalid(t('docs.jump.badNumber'));
        if (!/^\d{4}$/.test(yearText.trim()) || y < 1900) return onInvalid(t('docs.jump.badYear', { year: defaultYear }));
        onJump({ number: n, year: y });
      }}
    >
      <label className="doc-filter">
        <span>{t(`docs.jump.${direction}Number`)}</span>
        <input type="text" inputMode="numeric" size={8} value={number} onChange={(e) => setNumber(e.target.value)} />
      </label>
      <label className="doc-filter">
        <span>{t('docs.jump.year')}</span>
        <input type="text" inputMode="numeric" size={5} value={yearText} onChange={(e) => setYear(e.target.value)} />
      </label>
      <button type="submit" className="btn btn--small">
        {t('docs.jump.go')}
      </button>
    </form>
  );
}

function registersShown(all: RegisterView[], registerId: number | undefined): RegisterView[] {
  return registerId === undefined ? all : all.filter((r) => r.id === registerId);
}

/**
 * What the jump found, in words. The server answers with the row at that number or, when there is
 * none, the nearest lower one; a number above the last one a register gave this year is "not given yet".
 */
function describeJump(t: Translate, direction: Direction, at: JumpTarget, row: DocumentSummary | undefined, registers: RegisterView[]): { text: string; problem: boolean; exact: boolean } {
  const vars = { number: at.number, year: at.year };
  const numberOf = (d: DocumentSummary) => (direction === 'incoming' ? d.arrivalNumber : d.number);
  if (row && row.year === at.year && numberOf(row) === at.number) {
    if (row.status === 'cancelled') return { text: t('docs.jump.cancelled', { ...vars, subject: row.subject }), problem: true, exact: true };
    return { text: t('docs.jump.found', { ...vars, subject: row.subject }), problem: false, exact: true };
  }
  // registers.list reports the last number of the current year only.
  if (at.year === new Date().getFullYear() && registers.length > 0) {
    const last = Math.max(...registers.map((r) => r.lastNumber));
    if (at.number > last) return { text: t(last > 0 ? 'docs.jump.notGiven' : 'docs.jump.notGivenNone', { ...vars, last }), problem: true, exact: false };
  }
  return { text: t(row ? 'docs.jump.missing' : 'docs.jump.missingNone', vars), problem: true, exact: false };
}
