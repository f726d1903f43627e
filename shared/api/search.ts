import { z } from 'zod';
import { method } from './define';
import { id, isoTime, nonEmpty } from './schemas';
import { CONFIDENTIALITIES, DIRECTIONS, DOCUMENT_STATUSES, URGENCIES } from './documents';

// Full-text search over documents (issue 4). Words are matched with or without diacritics
// ("ke hoach" finds "kế hoạch"); words typed with diacritics match exactly. "…" is a phrase,
// word* a prefix, -word excludes. Totals that would take long to count (common words at a million
// documents) are estimated ("about N") unless search.countExact is asked.

const ymd = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date.format' });

export const searchFilters = z
  .object({
    direction: z.enum(DIRECTIONS).optional(),
    registerId: id.optional(),
    typeCode: z.string().trim().min(1).max(10).optional(),
    /** Issuing agency's code (QCVN 102) or, if it has none, its short name. */
    issuerCode: z.string().trim().min(1).max(30).optional(),
    status: z.enum(DOCUMENT_STATUSES).optional(),
    handlerId: id.optional(),
    urgency: z.enum(URGENCIES).optional(),
    confidentiality: z.enum(CONFIDENTIALITIES).optional(),
    /** Inclusive bounds on the document's date: arrival for incoming, issue for outgoing. */
    dateFrom: ymd.optional(),
    dateTo: ymd.optional(),
  })
  .refine((f) => !f.dateFrom || !f.dateTo || f.dateFrom <= f.dateTo, { message: 'dateRange.reversed', path: ['dateTo'] });
export type SearchFiltersInput = z.infer<typeof searchFilters>;

export const searchSort = z.enum(['date_desc', 'date_asc', 'relevance']);

const segment = z.object({ text: z.string(), match: z.boolean() });

export const searchHit = z.object({
  id,
  direction: z.string(),
  registerId: id.nullable(),
  numberNotation: z.string().nullable(),
  arrivalNumber: z.number().int().nullable(),
  typeCode: z.string(),
  subject: z.string(),
  issuerName: z.string(),
  date: z.string().nullable(),
  status: z.string(),
  urgency: z.string(),
  confidentiality: z.string(),
  /** Subject with the matched words marked. */
  subjectHighlight: z.array(segment),
  /** A passage of the text around the best matches, matched words marked. */
  snippet: z.array(segment),
  /** Relevance score (relevance order only). */
  score: z.number().nullable(),
});
export type SearchHitView = z.infer<typeof searchHit>;

const queryText = z.string().max(500, { message: 'tooLong' });

export const savedSearchView = z.object({
  id,
  name: z.string(),
  query: z.string(),
  filters: searchFilters,
  sort: searchSort,
  createdAt: isoTime,
});

export const searchMethods = {
  'search.query': method({
    summary: 'Full-text search of the documents the caller may see, newest first or by relevance, with highlighted snippets.',
    auth: 'session',
    permission: 'documents.read',
    mutates: false,
    input: z.object({
      query: queryText.default(''),
      filters: searchFilters.default({}),
      sort: searchSort.default('date_desc'),
      limit: z.number().int().min(1).max(100).default(20),
      offset: z.number().int().min(0).max(10_000).default(0),
    }),
    output: z.object({
      hits: z.array(searchHit),
      /** Exact unless totalIsEstimate: then estimated from a sample (show "about `total`"). */
      total: z.number().int(),
      totalIsEstimate: z.boolean(),
      tookMs: z.number(),
    }),
  }),
  'search.countExact': method({
    summary: 'The exact number of matches (slower for common words than the estimated total of search.query).',
    auth: 'session',
    permission: 'documents.read',
    mutates: false,
    input: z.object({ query: queryText.default(''), filters: searchFilters.default({}) }),
    output: z.object({ total: z.number().int() }),
  }),
  'search.saved.list': method({
    summary: 'The caller’s saved searches.',
    auth: 'session',
    permission: 'documents.read',
    mutates: false,
    input: z.object({}),
    output: z.object({ searches: z.array(savedSearchView) }),
  }),
  'search.saved.save': method({
    summary: 'Save a search under a name (saving the same name again replaces it).',
    auth: 'session',
    permission: 'documents.read',
    mutates: true,
    input: z.object({ name: nonEmpty.max(100), query: queryText.default(''), filters: searchFilters.default({}), sort: searchSort.default('date_desc') }),
    output: z.object({ search: savedSearchView }),
  }),
  'search.saved.delete': method({
    summary: 'Delete one of the caller’s saved searches.',
    auth: 'session',
    permission: 'documents.read',
    mutates: true,
    input: z.object({ id }),
    output: z.object({ ok: z.literal(true) }),
  }),
};
