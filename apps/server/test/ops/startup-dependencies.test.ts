import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config.js";
import { startTestServer } from "../../src/testing/index.js";
import { startServerProcess } from "../support/server-process.js";
import { freePort } from "./support/redis-process.js";

/** A dependency that cannot be reached at start-up stops the start, soon, with a message naming the setting. */
describe("start-up with an unreachable dependency", () => {
  it("refuses to start when REDIS_URL points where no Redis answers", async () => {
    const port = await freePort();
    const started = Date.now();
    const failure = await startTestServer({ env: { REDIS_URL: `redis://:hunter2-secret@127.0.0.1:${port}` } }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(failure).toBeInstanceOf(ConfigError);
    const message = (failure as ConfigError).message;
    expect(message).toContain(`redisUrl (REDIS_URL): cannot use Redis at 127.0.0.1:${port}`);
    expect(message).toContain("ECONNREFUSED");
    expect(message).not.toContain("hunter2-secret");
  });

  it("refuses to start when DATABASE_URL points where no PostgreSQL answers", async () => {
    const port = await freePort();
    const failure = await startTestServer({
      database: { dialect: "postgres", url: `postgres://appstudio:hunter2-secret@127.0.0.1:${port}/appstudio`, drop: async () => {} },
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConfigError);
    const message = (failure as ConfigError).message;
    expect(message).toContain(`databaseUrl (DATABASE_URL): cannot reach the database at 127.0.0.1:${port}`);
    expect(message).not.toContain("hunter2-secret");
  });

  it("exits with code 2 and says why, as `npm start` runs it", async () => {
    const port = await freePort();
    const failure = await startServerProcess({ DATABASE_URL: "sqlite::memory:", REDIS_URL: `redis://127.0.0.1:${port}` }).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain("server exited with 2");
    expect((failure as Error).message).toContain(`redisUrl (REDIS_URL): cannot use Redis at 127.0.0.1:${port}`);
  });
});
