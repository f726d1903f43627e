import type { Database } from 'better-sqlite3';
import { m001Foundation } from './001_foundation';
import { m002Documents } from './002_documents';
import { m003Search } from './003_search';
import { m005Exchange } from './005_exchange';
import { m006Signing } from './006_signing';
import { m007DocumentLists } from './007_document_lists';
import { m008OutboxPackageLog } from './008_outbox_package_log';
import { m009InboxFileLog } from './009_inbox_file_log';

// Numbered, forward-only migrations. A landed migration is never edited: add a new one.
// Landed: 001 foundation, 002 documents, 003 search, 005 exchange, 006 signing, 007 document
// lists, 008 outbox package log, 009 inbox file log. 004 was reserved
// and never used. The runner applies only versions above the
// database's user_version, so a new migration must take a number above the highest landed one.
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [m001Foundation, m002Documents, m003Search, m005Exchange, m006Signing, m007DocumentLists, m008OutboxPackageLog, m009InboxFileLog];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
