import type { Repositories } from "@appstudio/core";
import { createRepositories } from "../create-repositories.js";
import { type DatabaseHandle, type DialectName, openDatabase } from "../dialects/create-database.js";
import { migrateToLatest } from "../migrations/index.js";
import { createTestDatabase } from "./test-databases.js";

export interface MigratedRepositories {
  repos: Repositories;
  handle: DatabaseHandle;
  /** For tests that open more connections to the same database. */
  url: string;
  /** Closes the connection and drops the database. */
  close(): Promise<void>;
}

/** A fresh database of the dialect, migrated to the latest schema, behind the real repositories. */
export async function migratedRepositories(dialect: DialectName): Promise<MigratedRepositories> {
  const database = await createTestDatabase(dialect);
  const handle = openDatabase(database.url);
  await migrateToLatest(handle.db);
  return {
    repos: createRepositories(handle.db, handle.dialect),
    handle,
    url: database.url,
    async close() {
      await handle.close();
      await database.drop();
    },
  };
}
