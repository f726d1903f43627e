export { SearchService } from './service';
export { Searcher, type SearchFilters, type SearchRequest, type SearchResult, type SearchHit, type SearchSort, type Visibility } from './searcher';
export { SearchWriter, toRow, type IndexableDocument } from './writer';
export { sortDateOf } from './source';
export { foldText, exactForm, prepareText, splitWords } from './normalize';
export { segmentsToText, type Segment } from './snippet';
export { type SavedSearch } from './saved';
