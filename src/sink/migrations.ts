import type { Connection, Pool } from 'mysql2/promise';

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
];

type Queryable = Pick<Connection | Pool, 'query'>;

export async function migrate(db: Queryable): Promise<number[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INT NOT NULL PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    applied_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
  )`);
  const [rows] = await db.query('SELECT id FROM schema_migrations');
  const done = new Set((rows as Array<{ id: number }>).map((r) => r.id));
  const applied: number[] = [];
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    for (const statement of m.sql) await db.query(statement);
    await db.query('INSERT IGNORE INTO schema_migrations (id, name) VALUES (?, ?)', [m.id, m.name]);
    applied.push(m.id);
  }
  return applied;
}
