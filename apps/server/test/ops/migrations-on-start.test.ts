import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrations, openDatabase } from "@appstudio/storage";
import { createTestDatabase, type TestDatabase, testDialects } from "@appstudio/storage/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerProcess } from "../support/server-process.js";

const PASSWORD = "migrations-test-password";
const KEY = "one-master-key-for-the-three-processes-00000";

/**
 * Migrations run on start, forward only, under a lock: three processes started at once on one
 * fresh database all come up with one schema, one main account and one default workspace. A
 * database migrated by a newer version (unknown migrations) is refused with a clear message.
 */
describe.each(testDialects())("migrations on start (%s)", (dialect) => {
  let db: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    dataDir = mkdtempSync(join(tmpdir(), "appstudio-migrate-"));
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () => ({ DATABASE_URL: db.url, APPSTUDIO_DATA_DIR: dataDir, APPSTUDIO_ADMIN_PASSWORD: PASSWORD, APPSTUDIO_MASTER_KEY: KEY });

  it("three processes starting at once on a fresh database do not race", async () => {
    const servers = await Promise.all([startServerProcess(env()), startServerProcess(env()), startServerProcess(env())]);
    try {
      const handle = openDatabase(db.url, { poolSize: 1 });
      try {
        const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(handle.db);
        expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
        expect((await handle.db.selectFrom("users").select("id").where("is_main", "=", 1).execute()).length).toBe(1);
        expect((await handle.db.selectFrom("workspaces").select("id").execute()).length).toBe(1);
      } finally {
        await handle.close();
      }
      // Each of them serves.
      for (const server of servers) expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  }, 90_000);

  it("refuses to start on a database a newer version migrated, and leaves it untouched", async () => {
    const handle = openDatabase(db.url, { poolSize: 1 });
    await sql`insert into kysely_migration (name, timestamp) values ('9999_from_a_newer_version', ${new Date().toISOString()})`.execute(handle.db);
    await handle.close();
    const error = await startServerProcess(env()).then(
      async (s) => {
        await s.stop();
        return "started";
      },
      (e: Error) => e.message,
    );
    expect(error).toContain("server exited with 1");
    expect(error).toContain("Cannot start: the database was upgraded by a newer version of appstudio");
    expect(error).toContain("9999_from_a_newer_version");
  }, 60_000);
});
