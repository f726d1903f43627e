export { type DocumentIndexer, notifyDocumentChanged } from './indexer';
