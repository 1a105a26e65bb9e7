import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fastTestHasher } from "@appstudio/core/testing";
import type { DialectName } from "@appstudio/storage";
import { createTestDatabase, type TestDatabase } from "@appstudio/storage/testing";
import { loadConfig, type ServerConfig } from "../config.js";
import { type RunningServer, startServer } from "../start-server.js";

export const TEST_ADMIN_PASSWORD = "admin-password-for-tests";

export interface TestServer extends RunningServer {
  database: TestDatabase;
  /** JSON request against the server over real HTTP. */
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  /** A personal access token of the main account. */
  adminToken: string;
}

/**
 * A real server on 127.0.0.1 with a fresh database of the given dialect. Uses the same
 * start-up path as production; only the password hasher is the fast test one unless
 * `realHasher` is asked for.
 */
export async function startTestServer(
  options: {
    dialect?: DialectName;
    env?: Record<string, string>;
    realHasher?: boolean;
    database?: TestDatabase;
    /** Capture the server's log (JSON lines) at this level, e.g. to prove secrets never reach it. */
    log?: { level: string; stream: { write(line: string): void } };
  } = {},
): Promise<TestServer> {
  const database = options.database ?? (await createTestDatabase(options.dialect ?? "sqlite"));
  const dataDir = mkdtempSync(join(tmpdir(), "appstudio-data-"));
  const config: ServerConfig = loadConfig({
    PORT: "0",
    APPSTUDIO_HOST: "127.0.0.1",
    APPSTUDIO_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    APPSTUDIO_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    LOG_LEVEL: "silent",
    // Tests run their tool and HTTP-node servers on 127.0.0.1.
    APPSTUDIO_OUTBOUND_NETWORK: "any",
    APPSTUDIO_CONSOLE_DIR: join(dataDir, "no-console"),
    // Tests never depend on a real Ollama on this machine; a test that wants the probe sets it.
    APPSTUDIO_PROBE_OLLAMA: "false",
    ...options.env,
  });
  const logger = options.log ? { level: options.log.level, stream: options.log.stream } : false;
  const server = await startServer(config, { logger, ...(options.realHasher ? {} : { hasher: fastTestHasher }) });

  const call: TestServer["call"] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers["content-type"] ??= "application/json";
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers,
      ...(opts.body !== undefined ? { body: typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body) } : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body, headers: response.headers };
  };

  const signIn = await call("POST", "/manage/v1/session", { body: { loginName: "admin", password: TEST_ADMIN_PASSWORD } });
  const cookie = signIn.headers.get("set-cookie")?.split(";")[0] ?? "";
  const token = await call("POST", "/manage/v1/tokens", { headers: { cookie }, body: { name: "tests" } });
  if (token.status !== 201) throw new Error(`could not create the admin token: ${JSON.stringify(token.body)}`);

  return {
    ...server,
    database,
    call,
    adminToken: token.body.secret,
    async close() {
      await server.close();
      if (!options.database) await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
