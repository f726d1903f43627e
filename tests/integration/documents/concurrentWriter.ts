// A separate process that registers incoming documents into a shared profile through its own
// SQLite connection (no Core, so no directory lock). Used by concurrency.test.ts.
import { openDatabase } from '../../../core/storage/database';
import { documentsOnConnection } from '../../../core/documents/index';
import { systemActor } from '../../../core/api/context';

const [dataDir, registerId, count, name] = process.argv.slice(2);
const db = openDatabase(dataDir!);
db.pragma('busy_timeout = 60000');
const docs = documentsOnConnection(db, dataDir!);
const actor = systemActor(`writer-${name}`);

process.on('message', (m) => {
  if (m !== 'go') return;
  const numbers: number[] = [];
  for (let i = 0; i < Number(count); i++) {
    const { id } = docs.incoming.register(
      {
        registerId: Number(registerId), numberNotation: `${i + 1}/CV-${name}`, issuerName: `Sở ${name}`, issuerCode: '', dateIssued: '2026-01-02',
        subject: `Văn bản ${i + 1} của ${name}`, signer: '', signerPosition: '', pages: null, language: 'vi', urgency: 'normal',
        confidentiality: 'normal', deadline: null, unitId: null, notes: '', attachments: [], force: false,
      },
      actor,
    );
    numbers.push(docs.ctx.repo.get(id)!.arrival_number!);
  }
  db.close();
  process.send!({ numbers }, () => process.exit(0));
});
process.send!('ready');
