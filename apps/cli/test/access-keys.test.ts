import { startTestServer, type TestServer } from "@appstudio/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliSandbox, loggedInSandbox } from "./support/cli-runner.js";

describe("appstudio access-keys", () => {
  let server: TestServer;
  let cli: CliSandbox;

  beforeAll(async () => {
    server = await startTestServer();
    cli = await loggedInSandbox(server);
  });
  afterAll(async () => {
    cli.cleanup();
    await server.close();
  });

  it("create prints the secret once on stdout; list, disable, enable and delete never show it", async () => {
    const created = await cli.run(["access-keys", "create", "--json"]);
    expect(created.code, created.stderr).toBe(0);
    const { accessKey, secret } = JSON.parse(created.stdout);
    expect(accessKey.id).toMatch(/^LTAI[A-Za-z0-9]{20}$/);
    expect(secret).toMatch(/^[A-Za-z0-9]{30}$/);

    const plain = await cli.run(["access-keys", "create"]);
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim()).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(plain.stderr).toContain("not shown again");

    const table = await cli.run(["access-keys", "list"]);
    expect(table.stdout).toContain(accessKey.id);
    expect(table.stdout).toMatch(/ACCESSKEY ID\s+STATUS/);
    expect(table.stdout).not.toContain(secret);

    expect((await cli.run(["access-keys", "disable", accessKey.id])).code).toBe(0);
    const listed = JSON.parse((await cli.run(["access-keys", "list", "--json"])).stdout);
    expect(listed.find((k: { id: string }) => k.id === accessKey.id).status).toBe("Inactive");
    expect((await cli.run(["access-keys", "enable", accessKey.id])).code).toBe(0);
    expect(JSON.parse((await cli.run(["access-keys", "list", "--json"])).stdout).find((k: { id: string }) => k.id === accessKey.id).status).toBe("Active");

    expect((await cli.run(["access-keys", "delete", accessKey.id, "--yes"])).code).toBe(0);
    expect((await cli.run(["access-keys", "list", "--json"])).stdout).not.toContain(accessKey.id);
    const missing = await cli.run(["access-keys", "delete", accessKey.id, "--yes"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("not found");
  });

  it("an administrator manages another user's keys by login name", async () => {
    expect((await cli.run(["users", "create", "carol", "--password-stdin"], { input: "carol-password-123\n" })).code).toBe(0);
    const created = JSON.parse((await cli.run(["access-keys", "create", "--user", "carol", "--json"])).stdout);
    const theirs = JSON.parse((await cli.run(["access-keys", "list", "--user", "carol", "--json"])).stdout);
    expect(theirs).toEqual([expect.objectContaining({ id: created.accessKey.id, userId: created.accessKey.userId })]);
    expect(JSON.parse((await cli.run(["access-keys", "list", "--json"])).stdout).map((k: { id: string }) => k.id)).not.toContain(created.accessKey.id);
  });
});
