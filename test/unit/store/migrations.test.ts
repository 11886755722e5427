import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { migrate, openDb } from '../../../server/store/db';
import { MIGRATIONS } from '../../../server/store/migrations';
import { tempDir } from '../../helpers/tmp';

describe('store migrations', () => {
  it('creates a new database at the newest schema version with WAL and foreign keys on', () => {
    const t = tempDir();
    const db = openDb(join(t.dir, 'new.db'));
    assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    db.close();
    t.cleanup();
  });

  it('upgrades a database made by the first migration to the newest, keeping its rows', () => {
    const t = tempDir();
    const file = join(t.dir, 'old.db');
    const old = new Database(file);
    old.exec(MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    old.prepare("INSERT INTO incidents VALUES ('i1', 'T', 'V', '[]', '[]', '[]', '2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z', NULL, 'x', 'x')").run();
    old.close();
    const db = openDb(file);
    assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    assert.equal((db.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n, 1);
    db.close();
    t.cleanup();
  });

  it('refuses a database from a newer Claimline with a message saying what to do', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    assert.throws(() => migrate(db), /newer than this Claimline knows.*Upgrade Claimline/);
  });
});
