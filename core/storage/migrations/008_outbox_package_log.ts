import type { Migration } from './index';

// Outbox packages move from one blob file each to the profile's outbox segment log
// (core/storage/segmentLog.ts, `<dataDir>/exchange/outbox/`): a row names its package by segment,
// offset and size, next to the SHA-256 it already keeps. Rows written before keep their package
// in the row (small ones) or in the blob store under package_sha256, and are read from there.
export const m008OutboxPackageLog: Migration = {
  version: 8,
  name: 'outbox package log',
  up(db) {
    db.exec(`
      ALTER TABLE exchange_outbox ADD COLUMN package_segment INTEGER;
      ALTER TABLE exchange_outbox ADD COLUMN package_offset INTEGER;
      ALTER TABLE exchange_outbox ADD COLUMN package_size INTEGER;
    `);
  },
};
