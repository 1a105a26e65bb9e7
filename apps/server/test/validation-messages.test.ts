import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DashScopeFixture, startDashScopeFixture } from "./support/dashscope-fixture.js";

/** Every enum error names the field and lists the allowed values (never "must be equal to constant"). */
describe("validation messages list allowed values", () => {
  let f: DashScopeFixture;
  let key: string;
  let appId: string;
  beforeAll(async () => {
    f = await startDashScopeFixture();
    appId = await f.publishAgent();
    key = (await f.createKey()).secret;
  });
  afterAll(() => f?.close());

  type ErrorResponse = { status: number; body: { code: string; message: string; details: { fields: { field: string; message: string }[] } } };
  const expectInvalid = (res: ErrorResponse, field: string, values: string[]) => {
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("InvalidParameter");
    expect(res.body.message).not.toContain("constant");
    const problem = res.body.details.fields.find((p) => p.field === field);
    expect(problem, JSON.stringify(res.body)).toBeDefined();
    for (const value of values) {
      expect(problem?.message).toContain(`'${value}'`);
      expect(res.body.message).toContain(`'${value}'`);
    }
  };

  it("an unknown flow_stream_mode (or one of the wrong type) lists the four modes", async () => {
    const modes = ["full_thoughts", "agent_format", "message_format", "message_format_plus"];
    for (const mode of ["bogus", 3]) {
      const res = await f.complete(appId, key, { input: { prompt: "hi" }, parameters: { flow_stream_mode: mode } });
      expectInvalid({ status: res.status, body: await res.json() }, "body.parameters.flow_stream_mode", modes);
    }
  });

  it("management API enums: policies, member role, call-log filters", async () => {
    const token = f.server.adminToken;
    const user = await f.server.call("POST", "/manage/v1/users", { token, body: { loginName: "enum-user", password: "a-long-password-1" } });
    expect(user.status).toBe(201);
    const policies = await f.server.call("PATCH", `/manage/v1/users/${user.body.id}`, { token, body: { policies: ["Root"] } });
    expectInvalid(policies, "body.policies.0", ["FullAccess", "ControlFullAccess", "ReadOnlyAccess"]);

    const role = await f.server.call("POST", `/manage/v1/workspaces/${f.workspaceId}/members`, { token, body: { userId: user.body.id, role: "owner" } });
    expectInvalid(role, "body.role", ["admin", "member"]);

    const status = await f.server.call("GET", "/manage/v1/call-logs?status=broken", { token });
    expectInvalid(status, "query.status", ["success", "error"]);
    const bucket = await f.server.call("GET", "/manage/v1/call-logs/stats?bucket=week", { token });
    expectInvalid(bucket, "query.bucket", ["hour", "day"]);
  });

  it("an unknown region lists the configured regions", async () => {
    const res = await f.server.call("POST", "/manage/v1/workspaces", { token: f.server.adminToken, body: { name: "elsewhere", region: "mars" } });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain("mars");
    expect(res.body.message).toMatch(/configured: .*local/);
  });
});
