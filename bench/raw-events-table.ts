/**
 * The plain table both raw baselines write, on SQLite and PostgreSQL alike: no event id,
 * metadata, record time or hash, and the unique (stream_id, revision) its only check.
 * `position` is the database's own auto-incrementing key.
 */
export const rawEventsTableDdl = (position: 'INTEGER' | 'BIGSERIAL'): string => `CREATE TABLE IF NOT EXISTS events (
  position  ${position} PRIMARY KEY,
  stream_id TEXT    NOT NULL,
  revision  INTEGER NOT NULL,
  type      TEXT    NOT NULL,
  data      TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
)`;
