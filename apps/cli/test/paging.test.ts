import { startTestServer, type TestServer } from "@appstudio/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliSandbox, loggedInSandbox } from "./support/cli-runner.js";

/** Lists say which page they show and of how many, and page on: --limit, --page, --offset, --all-pages. */
describe("paged lists", () => {
  let server: TestServer;
  let cli: CliSandbox;
  const TOTAL = 205; // more than one page of the API's largest (200), so --all-pages must fetch twice

  beforeAll(async () => {
    server = await startTestServer();
    cli = await loggedInSandbox(server);
    const workspaceId = (await server.call("GET", "/manage/v1/workspaces", { token: server.adminToken })).body.items[0].id;
    for (let i = 0; i < TOTAL; i++) {
      const created = await server.call("POST", "/manage/v1/memories", { token: server.adminToken, body: { workspaceId, description: `m${i}` } });
      expect(created.status).toBe(201);
    }
  });
  afterAll(async () => {
    cli.cleanup();
    await server.close();
  });

  it("a table that is not the whole list says so, with the total, the page and how to get the rest", async () => {
    const first = await cli.run(["memory", "list"]);
    expect(first.code).toBe(0);
    expect(first.stdout.trim().split("\n")).toHaveLength(51); // header + the default 50
    expect(first.stderr).toContain(`Showing 1-50 of ${TOTAL} (page 1 of 5). Next page: --page 2. Everything: --all-pages.`);
    const last = await cli.run(["memory", "list", "--page", "5"]);
    expect(last.stdout.trim().split("\n")).toHaveLength(6);
    expect(last.stderr).toContain(`Showing 201-${TOTAL} of ${TOTAL} (page 5 of 5). Everything: --all-pages.`);
    const offset = await cli.run(["memory", "list", "--offset", "10", "--limit", "5"]);
    expect(offset.stderr).toContain(`Showing 11-15 of ${TOTAL} (page 3 of 41)`);
  });

  it("--json never stops silently: the footer goes to stderr, stdout stays a JSON array", async () => {
    const page = await cli.run(["memory", "list", "--json", "--limit", "7", "--page", "2"]);
    const items = JSON.parse(page.stdout);
    expect(items).toHaveLength(7);
    expect(page.stderr).toContain(`Showing 8-14 of ${TOTAL} (page 2 of 30)`);
  });

  it("--all-pages fetches every page", async () => {
    const all = await cli.run(["memory", "list", "--json", "--all-pages"]);
    expect(all.code).toBe(0);
    const items: { id: string }[] = JSON.parse(all.stdout);
    expect(items).toHaveLength(TOTAL);
    expect(new Set(items.map((m) => m.id)).size).toBe(TOTAL);
    expect(all.stderr).toBe("");
  });

  it("a list that fits on one page prints no footer; a bad --page is a usage error", async () => {
    const apps = await cli.run(["apps", "list"]);
    expect(apps.code).toBe(0);
    expect(apps.stderr).not.toContain("Showing");
    const bad = await cli.run(["memory", "list", "--page", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--page must be a whole number from 1 to 1000000");
  });
});
