import type { Connection, Pool } from 'mysql2/promise';
import { checkTableName, deletionsTable } from './table.ts';

/**
 * Schema migrations for the sink's tables, applied in order at start. Each step is idempotent
 * and recorded in `schema_migrations`, so a restart or a second sink is harmless.
 */
export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: readonly string[];
}

export const migrations: readonly Migration[] = [
  {
    id: 1,
    name: 'create classifications',
    sql: [
      `CREATE TABLE IF NOT EXISTS classifications (
        tweet_id        VARCHAR(64)  NOT NULL,
        text            TEXT         NOT NULL,
        author_id       VARCHAR(64)  NOT NULL,
        author_handle   VARCHAR(255) NOT NULL,
        lang            VARCHAR(16)  NULL,
        source          VARCHAR(32)  NOT NULL,
        created_at      DATETIME(3)  NOT NULL,
        classified_at   DATETIME(3)  NOT NULL,
        written_at      DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        sentiment       VARCHAR(16)  NOT NULL,
        sentiment_score DOUBLE       NOT NULL,
        topic           VARCHAR(64)  NOT NULL,
        topic_score     DOUBLE       NOT NULL,
        topics_json     JSON         NOT NULL,
        model_id        VARCHAR(255) NOT NULL,
        model_version   VARCHAR(64)  NOT NULL,
        latency_ms      DOUBLE       NOT NULL,
        kafka_partition INT          NOT NULL,
        kafka_offset    BIGINT       NOT NULL,
        PRIMARY KEY (tweet_id),
        KEY idx_created (created_at),
        KEY idx_topic_created (topic, created_at),
        KEY idx_sentiment_created (sentiment, created_at),
        KEY idx_classified (classified_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    ],
  },
  {
    // classification.avsc v2 (docs/schemas.md). Rows written before it get the v1 defaults.
    id: 2,
    name: 'classification v2 columns',
    sql: [
      `ALTER TABLE classifications
        ADD COLUMN IF NOT EXISTS schema_version    SMALLINT    NOT NULL DEFAULT 1,
        ADD COLUMN IF NOT EXISTS language          VARCHAR(8)  NOT NULL DEFAULT 'und',
        ADD COLUMN IF NOT EXISTS topic_scores_json JSON        NOT NULL DEFAULT '{}'`,
      `CREATE INDEX IF NOT EXISTS idx_language_created ON classifications (language, created_at)`,
    ],
  },
  {
    id: 3,
    name: 'dashboard indexes: live poller and filtered aggregations over classified_at',
    sql: [
      `ALTER TABLE classifications
        ADD INDEX IF NOT EXISTS idx_written (written_at),
        ADD INDEX IF NOT EXISTS idx_classified_ts (classified_at, topic, sentiment),
        ADD INDEX IF NOT EXISTS idx_topic_classified_s (topic, classified_at, sentiment),
        ADD INDEX IF NOT EXISTS idx_sentiment_classified_t (sentiment, classified_at, topic)`,
    ],
  },
  {
    // classification.avsc v3 (docs/schemas.md): platform-neutral posts, URIs as ids, deletes.
    id: 4,
    name: 'classification v3: platform, uri, url, reply_to, edited_at, label_status; URI ids; deletions log',
    sql: [
      `ALTER TABLE classifications
        MODIFY COLUMN tweet_id VARCHAR(255) NOT NULL,
        MODIFY COLUMN author_id VARCHAR(255) NOT NULL,
        ADD COLUMN IF NOT EXISTS platform     VARCHAR(16)   NOT NULL DEFAULT 'x',
        ADD COLUMN IF NOT EXISTS uri          VARCHAR(512)  NOT NULL DEFAULT '',
        ADD COLUMN IF NOT EXISTS url          VARCHAR(1024) NULL,
        ADD COLUMN IF NOT EXISTS reply_to     VARCHAR(512)  NULL,
        ADD COLUMN IF NOT EXISTS edited_at    DATETIME(3)   NULL,
        ADD COLUMN IF NOT EXISTS label_status VARCHAR(32)   NOT NULL DEFAULT 'ok'`,
      `CREATE INDEX IF NOT EXISTS idx_platform_classified ON classifications (platform, classified_at)`,
      // Posts deleted at the source: the row goes, this remembers when, so the dashboard's live
      // feed and search index can drop it too.
      `CREATE TABLE IF NOT EXISTS classifications_deleted (
        tweet_id   VARCHAR(255) NOT NULL,
        deleted_at DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (tweet_id),
        KEY idx_deleted_at (deleted_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
    ],
  },
];

type Queryable = Pick<Connection | Pool, 'query'>;

/** The statements of a migration for a given table name (tests and side tables use their own). */
export function migrationSql(migration: Migration, table = 'classifications'): string[] {
  checkTableName(table);
  return migration.sql.map((sql) =>
    sql.replace(/\bclassifications_deleted\b/g, deletionsTable(table)).replace(/\bclassifications\b/g, table),
  );
}

/** The dashboard's indexes on a table of the sink's layout (what migration 3 adds), for tables made without `migrate`. */
export function dashboardIndexDdl(table: string): string[] {
  return migrationSql(migrations.find((m) => m.id === 3)!, table);
}

export async function migrate(db: Queryable, table = 'classifications'): Promise<number[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    table_name VARCHAR(64) NOT NULL,
    id INT NOT NULL,
    name VARCHAR(255) NOT NULL,
    applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (table_name, id)
  )`);
  const [rows] = await db.query('SELECT id FROM schema_migrations WHERE table_name = ?', [table]);
  const done = new Set((rows as Array<{ id: number }>).map((r) => r.id));
  const applied: number[] = [];
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    for (const statement of migrationSql(m, table)) await db.query(statement);
    await db.query('INSERT IGNORE INTO schema_migrations (table_name, id, name) VALUES (?, ?, ?)', [table, m.id, m.name]);
    applied.push(m.id);
  }
  return applied;
}
