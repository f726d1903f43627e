export { type DocumentIndexer, notifyDocumentChanged } from './indexer';
export { DocumentsModule, documentsOf, documentsOnConnection } from './module';
export { visibilityClause, type SqlClause } from './access';
export { parseNotation, buildNotation, padNumber, printed, typeName } from './notation';
export { toVnIso, vnDate, vnYear } from './time';
