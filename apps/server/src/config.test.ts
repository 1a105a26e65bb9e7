import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

const dir = mkdtempSync(join(tmpdir(), "appstudio-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function configFile(content: unknown): string {
  const file = join(dir, `config-${++n}.json`);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("works with no configuration at all", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: "0.0.0.0",
      port: 8080,
      dataDir: resolve("./data"),
      databaseUrl: `sqlite:${resolve("./data", "appstudio.db")}`,
      maxSubWorkspacesPerRegion: 20,
      bodyLimit: 10 * 1024 * 1024,
      requestTimeoutMs: 10_000,
      requestBodyMaxMs: 300_000,
      keepAliveTimeoutMs: 72_000,
      maxJsonDepth: 64,
      logLevel: "info",
      trustProxy: false,
      loginAttemptsPerWindow: 10,
    });
    expect(config.regions).toEqual([{ id: "local", name: "Local", sharedOrigin: "http://localhost:8080", apiDomain: "localhost" }]);
    expect(config.adminPassword).toBeUndefined();
  });

  it("takes flags over the environment over the config file over defaults", () => {
    const file = configFile({ port: 1000, host: "file-host", bodyLimit: 4096, logLevel: "warn", dataDir: join(dir, "file-data") });
    const env = { APPSTUDIO_CONFIG: file, PORT: "2000", APPSTUDIO_HOST: "env-host", LOG_LEVEL: "debug" };
    expect(loadConfig(env, { port: 3000, host: "flag-host" })).toMatchObject({ port: 3000, host: "flag-host", logLevel: "debug", bodyLimit: 4096 });
    expect(loadConfig(env)).toMatchObject({ port: 2000, host: "env-host", logLevel: "debug", bodyLimit: 4096 });
    expect(loadConfig({ APPSTUDIO_CONFIG: file })).toMatchObject({ port: 1000, host: "file-host", logLevel: "warn", bodyLimit: 4096 });
    // An empty environment variable counts as unset.
    expect(loadConfig({ APPSTUDIO_CONFIG: file, PORT: "" }).port).toBe(1000);
    // A flag for the file itself wins over APPSTUDIO_CONFIG.
    expect(loadConfig({ APPSTUDIO_CONFIG: file }, { configFile: configFile({ port: 1234 }) }).port).toBe(1234);
  });

  it("derives the SQLite file from the data directory unless a database URL is given", () => {
    expect(loadConfig({}, { dataDir: join(dir, "d") }).databaseUrl).toBe(`sqlite:${join(dir, "d", "appstudio.db")}`);
    expect(loadConfig({ DATABASE_URL: "postgres://u:p@db/x" }, { dataDir: join(dir, "d") }).databaseUrl).toBe("postgres://u:p@db/x");
    expect(loadConfig({ DATABASE_URL: "postgres://u:p@db/x" }, { databaseUrl: "postgres://flag/y" }).databaseUrl).toBe("postgres://flag/y");
  });

  it("reads regions from JSON in the environment or the file", () => {
    const regions = [{ id: "cn-beijing", name: "Beijing", sharedOrigin: "https://api.example.com", apiDomain: "maas.example.com" }];
    expect(loadConfig({ APPSTUDIO_REGIONS: JSON.stringify(regions) }).regions).toEqual(regions);
    expect(loadConfig({ APPSTUDIO_CONFIG: configFile({ regions }) }).regions).toEqual(regions);
  });

  it("refuses two regions on one shared hostname, since the port never picks a region", () => {
    const regions = [
      { id: "a", name: "A", sharedOrigin: "https://api.example.com", apiDomain: "maas.example.com" },
      { id: "b", name: "B", sharedOrigin: "http://API.example.com.:8080", apiDomain: "maas.example.com" },
    ];
    expect(problemsOf(() => loadConfig({ APPSTUDIO_REGIONS: JSON.stringify(regions) }))).toEqual([
      "regions[1].sharedOrigin: another region already uses the host 'api.example.com'",
    ]);
  });

  it("reads the proxies to trust as addresses/blocks or a hop count, and refuses true", () => {
    expect(loadConfig({ APPSTUDIO_TRUST_PROXY: "127.0.0.1,10.0.0.0/8" }).trustProxy).toEqual(["127.0.0.1", "10.0.0.0/8"]);
    expect(loadConfig({ APPSTUDIO_CONFIG: configFile({ trustProxy: ["loopback"] }) }).trustProxy).toEqual(["loopback"]);
    expect(loadConfig({ APPSTUDIO_TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(problemsOf(() => loadConfig({ APPSTUDIO_TRUST_PROXY: "true" }))).toEqual([
      expect.stringMatching(/^trustProxy \(APPSTUDIO_TRUST_PROXY\): 'true' would trust any client/),
    ]);
    expect(problemsOf(() => loadConfig({ APPSTUDIO_CONFIG: configFile({ trustProxy: true }) }))).toHaveLength(1);
  });

  it("reads the knowledge ingestion settings, with defaults, and refuses values out of range", () => {
    expect(loadConfig({})).toMatchObject({
      knowledgeConcurrency: 2,
      knowledgeLeaseSeconds: 60,
      knowledgeParseTimeoutSeconds: 300,
      knowledgeParseMemoryMb: 1024,
    });
    expect(loadConfig({ APPSTUDIO_KNOWLEDGE_CONCURRENCY: "0", APPSTUDIO_KNOWLEDGE_LEASE_SECONDS: "5" })).toMatchObject({
      knowledgeConcurrency: 0,
      knowledgeLeaseSeconds: 5,
    });
    expect(
      problemsOf(() => loadConfig({ APPSTUDIO_KNOWLEDGE_CONCURRENCY: "-1", APPSTUDIO_KNOWLEDGE_LEASE_SECONDS: "1", APPSTUDIO_KNOWLEDGE_PARSE_MEMORY_MB: "8" })),
    ).toEqual([
      "knowledgeConcurrency (APPSTUDIO_KNOWLEDGE_CONCURRENCY): expected a whole number from 0 to 64, got '-1'",
      "knowledgeLeaseSeconds (APPSTUDIO_KNOWLEDGE_LEASE_SECONDS): expected a whole number from 5 to 3600, got '1'",
      "knowledgeParseMemoryMb (APPSTUDIO_KNOWLEDGE_PARSE_MEMORY_MB): expected a whole number from 64 to 65536, got '8'",
    ]);
  });

  it("reads the PostgreSQL pool size per process, default 10, and refuses values out of range", () => {
    expect(loadConfig({}).databasePoolSize).toBe(10);
    expect(loadConfig({ APPSTUDIO_DB_POOL_SIZE: "4" }).databasePoolSize).toBe(4);
    expect(problemsOf(() => loadConfig({ APPSTUDIO_DB_POOL_SIZE: "0" }))).toEqual([expect.stringMatching(/^databasePoolSize \(APPSTUDIO_DB_POOL_SIZE\)/)]);
  });

  it("refuses a request ceiling shorter than the header/body idle timeout", () => {
    expect(loadConfig({ APPSTUDIO_REQUEST_TIMEOUT_MS: "5000", APPSTUDIO_REQUEST_BODY_MAX_MS: "5000" })).toMatchObject({
      requestTimeoutMs: 5000,
      requestBodyMaxMs: 5000,
    });
    expect(problemsOf(() => loadConfig({ APPSTUDIO_REQUEST_TIMEOUT_MS: "5000", APPSTUDIO_REQUEST_BODY_MAX_MS: "4999" }))).toEqual([
      "requestBodyMaxMs (APPSTUDIO_REQUEST_BODY_MAX_MS): must not be less than requestTimeoutMs (APPSTUDIO_REQUEST_TIMEOUT_MS)",
    ]);
  });

  it("lists every problem at once", () => {
    const problems = problemsOf(() =>
      loadConfig({
        PORT: "eighty",
        LOG_LEVEL: "loud",
        APPSTUDIO_MASTER_KEY: "short",
        APPSTUDIO_ADMIN_PASSWORD: "1234",
        APPSTUDIO_TRUST_PROXY: "maybe",
        APPSTUDIO_BODY_LIMIT: "10",
        APPSTUDIO_MAX_JSON_DEPTH: "2",
        APPSTUDIO_MAX_SUB_WORKSPACES: "-1",
        APPSTUDIO_REGIONS: JSON.stringify([
          { id: "BAD ID", sharedOrigin: "not a url", apiDomain: "" },
          { id: "ok", sharedOrigin: "https://a.example", apiDomain: "a.example" },
          { id: "ok", sharedOrigin: "https://b.example", apiDomain: "b.example" },
        ]),
      }),
    );
    const expected = [
      /^port \(PORT\).*'eighty'/,
      /^logLevel/,
      /^masterKey/,
      /^adminPassword/,
      /^trustProxy.*'maybe'/,
      /^bodyLimit.*'10'/,
      /^maxJsonDepth \(APPSTUDIO_MAX_JSON_DEPTH\).*from 8 to 1000.*'2'/,
      /^maxSubWorkspacesPerRegion/,
      /^regions\[0\]\.id/,
      /^regions\[0\]\.sharedOrigin/,
      /^regions\[0\]\.apiDomain/,
      /^regions\[2\]\.id: duplicate region 'ok'/,
    ];
    for (const pattern of expected) expect(problems, String(pattern)).toContainEqual(expect.stringMatching(pattern));
    expect(problems).toHaveLength(expected.length);
  });

  it("reports an unreadable or invalid config file together with the other problems", () => {
    const broken = problemsOf(() => loadConfig({ APPSTUDIO_CONFIG: configFile("{ not json"), PORT: "-1" }));
    expect(broken).toHaveLength(2);
    expect(broken[0]).toMatch(/^config file .*config-\d+\.json: /);
    expect(broken[1]).toMatch(/^port/);
    expect(problemsOf(() => loadConfig({ APPSTUDIO_CONFIG: join(dir, "missing.json") }))).toEqual([expect.stringMatching(/^config file .*missing\.json/)]);
    expect(problemsOf(() => loadConfig({ APPSTUDIO_REGIONS: "[not json" }))).toEqual(["regions (APPSTUDIO_REGIONS): not valid JSON"]);
    expect(problemsOf(() => loadConfig({ APPSTUDIO_REGIONS: "[]" }))).toEqual([expect.stringMatching(/^regions: expected a non-empty array/)]);
  });

  it("names the problems in the error message, one per line", () => {
    try {
      loadConfig({ PORT: "x", LOG_LEVEL: "y" });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message.split("\n")).toEqual([
        "Invalid configuration:",
        expect.stringMatching(/^ {2}- port/),
        expect.stringMatching(/^ {2}- logLevel/),
      ]);
    }
  });
});
