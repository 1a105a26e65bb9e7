import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/** The console's wrapper over the sdk: refusal hooks and errors, against a real server on 127.0.0.1. */
describe("console api()", () => {
  let server: Server;
  let client: typeof import("./client");
  const answers: Record<string, { status: number; body: unknown }> = {
    "/manage/v1/whoami": { status: 403, body: { code: "InsufficientPermissions", message: "no", request_id: "r1" } },
    "/manage/v1/apps": { status: 403, body: { code: "InsufficientPermissions", message: "no", request_id: "r2" } },
    "/manage/v1/regions": { status: 401, body: { code: "NotAuthenticated", message: "signed out", request_id: "r3" } },
    "/manage/v1/users": {
      status: 400,
      body: { code: "InvalidParameter", message: "bad", request_id: "r4", details: { fields: [{ field: "loginName", message: "too short" }] } },
    },
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const answer = answers[new URL(req.url ?? "/", "http://x").pathname] ?? { status: 200, body: { items: [] } };
      res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    // The client takes the page's origin when it loads: point it at the test server.
    vi.stubGlobal("location", { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    client = await import("./client");
  });
  afterAll(() => {
    vi.unstubAllGlobals();
    server?.close();
  });

  it("a refusal refetches whoami, except a refusal of whoami itself", async () => {
    const refused = vi.fn();
    client.setRefusedHandler(refused);
    await expect(client.api((c) => c.listApps())).rejects.toMatchObject({ status: 403, code: "InsufficientPermissions", requestId: "r2" });
    expect(refused).toHaveBeenCalledTimes(1);
    await expect(client.api((c) => c.whoami(), { isWhoami: true })).rejects.toMatchObject({ status: 403 });
    expect(refused).toHaveBeenCalledTimes(1);
  });

  it("a 401 NotAuthenticated calls the sign-in hook", async () => {
    const unauthenticated = vi.fn();
    client.setUnauthenticatedHandler(unauthenticated);
    await expect(client.api((c) => c.listRegions())).rejects.toMatchObject({ status: 401, code: "NotAuthenticated" });
    expect(unauthenticated).toHaveBeenCalledTimes(1);
  });

  it("keeps the invalid fields of a 400 on ApiError.fields", async () => {
    const error = await client.api((c) => c.createUser({ loginName: "x", password: "p" })).catch((e: unknown) => e);
    expect(client.isApiError(error, "InvalidParameter")).toBe(true);
    expect((error as InstanceType<typeof client.ApiError>).fields).toEqual([{ field: "loginName", message: "too short" }]);
  });

  it("answers with the data, and aborts with the query's signal", async () => {
    await expect(client.api((c) => c.listPolicies())).resolves.toEqual({ items: [] });
    const controller = new AbortController();
    controller.abort();
    await expect(client.api((c) => c.listPolicies(), { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("turns an unreachable server into a NetworkError the pages can show", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { ManageClient } = await import("@appstudio/sdk");
    const unreachable = new ManageClient({ baseUrl: `http://127.0.0.1:${port}` });
    const error = await client.api(() => unreachable.whoami()).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: "NetworkError" });
  });
});
