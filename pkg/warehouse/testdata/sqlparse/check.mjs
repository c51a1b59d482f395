// Parses each golden tally query of pkg/warehouse/testdata with
// datafusion-sqlparser-rs (through its WebAssembly build, sqlparser-ts),
// in the parser's dialect for that database: a maintained parser of each
// dialect, where the tests have no server. Trino has no dialect there; its
// query is parsed as generic SQL. .ci/run runs it:
//
//	npm ci && node check.mjs
import { init, parse } from '@guanmingchiu/sqlparser-ts';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

await init();
const dir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dialects = {
  duckdb: 'duckdb', postgres: 'postgresql', clickhouse: 'clickhouse', bigquery: 'bigquery',
  snowflake: 'snowflake', spark: 'spark', trino: 'generic',
};
let failed = 0;
for (const [name, dialect] of Object.entries(dialects)) {
  const sql = readFileSync(join(dir, `${name}.sql`), 'utf8');
  try {
    const statements = parse(sql, dialect);
    if (statements.length !== 1) throw new Error(`${statements.length} statements, want 1`);
    console.log(`${name}.sql: parses as ${dialect}`);
  } catch (e) {
    failed++;
    console.log(`${name}.sql: does not parse as ${dialect}: ${e.message ?? e}`);
  }
}
process.exit(failed ? 1 : 0);
