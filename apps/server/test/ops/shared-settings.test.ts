import { createTestDatabase, testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config.js";
import { startTestServer, type TestServer } from "../../src/testing/index.js";

const KEY = "the-master-key-this-database-was-set-up-with-0001";
const REGIONS = JSON.stringify([
  { id: "east", name: "East", sharedOrigin: "http://api-east.localhost:8080", apiDomain: "east.localhost" },
  { id: "west", name: "West", sharedOrigin: "http://api-west.localhost:8080", apiDomain: "west.localhost" },
]);

/** Every server process on one database must share the master key and the regions, or refuse to start. */
describe.each(testDialects())("settings shared by the processes of one database (%s)", (dialect) => {
  let first: TestServer;

  beforeAll(async () => {
    first = await startTestServer({ dialect, database: await createTestDatabase(dialect), env: { APPSTUDIO_MASTER_KEY: KEY, APPSTUDIO_REGIONS: REGIONS } });
  });
  afterAll(async () => {
    await first?.close();
    await first?.database.drop();
  });

  const startAnother = (env: Record<string, string>) => startTestServer({ dialect, database: first.database, env });
  const problemsOf = async (env: Record<string, string>) => {
    const error = await startAnother(env).then(
      async (s) => {
        await s.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join("\n");
  };

  it("refuses a process with another master key, naming the setting", async () => {
    const problems = await problemsOf({ APPSTUDIO_MASTER_KEY: "another-master-key-of-the-right-length-00000", APPSTUDIO_REGIONS: REGIONS });
    expect(problems).toMatch(/^masterKey \(APPSTUDIO_MASTER_KEY\): the master key from APPSTUDIO_MASTER_KEY cannot open the secrets/);
  });

  it("refuses a process without APPSTUDIO_MASTER_KEY that generated its own key file", async () => {
    const problems = await problemsOf({ APPSTUDIO_REGIONS: REGIONS });
    expect(problems).toContain("master.key (APPSTUDIO_MASTER_KEY is not set) cannot open the secrets");
  });

  it("refuses a process whose regions leave out a region of the database", async () => {
    const problems = await problemsOf({ APPSTUDIO_MASTER_KEY: KEY, APPSTUDIO_REGIONS: REGIONS.replace(/,\{"id":"west".*\]$/, "]") });
    expect(problems).toContain("this database serves the regions [east, west], but this process is configured with [east] (missing: west)");
  });

  it("serves the stored regions in a process started without APPSTUDIO_REGIONS, not its own localhost:PORT", async () => {
    const second = await startAnother({ APPSTUDIO_MASTER_KEY: KEY });
    try {
      const regions = await second.call("GET", "/manage/v1/regions", { token: second.adminToken });
      expect(regions.body.items.map((r: { id: string; sharedBaseUrl: string }) => [r.id, r.sharedBaseUrl])).toEqual([
        ["east", "http://api-east.localhost:8080/api/v1"],
        ["west", "http://api-west.localhost:8080/api/v1"],
      ]);
      // One default workspace per region between both processes, none for a region of its own.
      const workspaces = await second.call("GET", "/manage/v1/workspaces", { token: second.adminToken });
      expect(workspaces.body.items.map((w: { region: string }) => w.region).sort()).toEqual(["east", "west"]);
    } finally {
      await second.close();
    }
  });
});
