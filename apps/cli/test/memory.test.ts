import { startTestServer, type TestServer } from "@appstudio/server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliSandbox, loggedInSandbox } from "./support/cli-runner.js";

describe("appstudio memory", () => {
  let server: TestServer;
  let cli: CliSandbox;

  beforeAll(async () => {
    server = await startTestServer();
    cli = await loggedInSandbox(server);
  });
  afterAll(async () => {
    cli.cleanup();
    await server?.close();
  });

  it("create (ID alone on stdout), list, get, add-node, nodes, delete-node, delete", async () => {
    const created = await cli.run(["memory", "create", "--description", "customer-42"]);
    expect(created.code).toBe(0);
    const id = created.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{32}$/);

    const list = JSON.parse((await cli.run(["memory", "list", "--json"])).stdout);
    expect(list).toEqual([expect.objectContaining({ id, description: "customer-42", nodeCount: 0 })]);
    expect((await cli.run(["memory", "list"])).stdout).toContain(id);

    const added = await cli.run(["memory", "add-node", id, "The user is vegetarian."]);
    expect(added.code).toBe(0);
    const nodeId = added.stdout.trim();
    expect(nodeId).toMatch(/^[0-9a-f]{32}$/);
    const nodes = JSON.parse((await cli.run(["memory", "nodes", id, "--json"])).stdout);
    expect(nodes).toEqual([expect.objectContaining({ id: nodeId, memoryId: id, content: "The user is vegetarian." })]);
    expect((await cli.run(["memory", "get", id])).stdout).toMatch(/Nodes:\s+1/);

    expect((await cli.run(["memory", "delete-node", id, nodeId, "--yes"])).code).toBe(0);
    expect(JSON.parse((await cli.run(["memory", "get", id, "--json"])).stdout).nodeCount).toBe(0);
    expect((await cli.run(["memory", "delete", id, "--yes"])).code).toBe(0);
    const gone = await cli.run(["memory", "get", id]);
    expect(gone.code).toBe(4);
  });
});
