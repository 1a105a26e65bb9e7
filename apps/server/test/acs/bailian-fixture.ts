import BailianModule, * as $Bailian from "@alicloud/bailian20231229";
import type { DialectName } from "@appstudio/storage";
import { expect } from "vitest";
import type { TestServer } from "../../src/testing/index.js";
import { type DashScopeFixture, startDashScopeFixture } from "../support/dashscope-fixture.js";

export { $Bailian };

// The package is CommonJS with `exports.default = Client`. Node's ESM loader makes the default
// import the whole `module.exports` (class at `.default`); vitest's interop unwraps it already.
type ClientClass = typeof BailianModule.default;
const loaded = BailianModule as unknown as ClientClass | { default: ClientClass };
const BailianClient: ClientClass = typeof loaded === "function" ? loaded : loaded.default;
export type BailianClient = InstanceType<typeof BailianClient>;

export interface AccessKeyPair {
  id: string;
  secret: string;
}

/** The official Bailian client pointed at a test server: `endpoint` host:port, protocol HTTP. */
export function bailianClient(server: TestServer, key: AccessKeyPair): BailianClient {
  const { host } = new URL(server.url);
  return new BailianClient({ accessKeyId: key.id, accessKeySecret: key.secret, endpoint: host, protocol: "HTTP", regionId: "cn-beijing" } as never);
}

/**
 * A DashScope fixture (rate limits out of the way) and the official client with an admin
 * AccessKey: the set-up of every Bailian operations test.
 */
export async function startBailianFixture(dialect: DialectName, env: Record<string, string> = {}): Promise<{ f: DashScopeFixture; client: BailianClient }> {
  const f = await startDashScopeFixture({ dialect, env: { APPSTUDIO_APP_RPM: "10000", APPSTUDIO_KEY_RPM: "10000", ...env } });
  return { f, client: bailianClient(f.server, await createAccessKey(f.server)) };
}

/** The `applicationConfig` of CreateAndPulishAgent from plain objects. */
export function agentConfig(parts: { parameters?: Record<string, unknown>; ragConfig?: Record<string, unknown>; longTermMemory?: { enable: boolean } }) {
  return new $Bailian.CreateAndPulishAgentRequestApplicationConfig({
    ...(parts.parameters ? { parameters: new $Bailian.CreateAndPulishAgentRequestApplicationConfigParameters(parts.parameters) } : {}),
    ...(parts.ragConfig ? { ragConfig: new $Bailian.CreateAndPulishAgentRequestApplicationConfigRagConfig(parts.ragConfig) } : {}),
    ...(parts.longTermMemory ? { longTermMemory: new $Bailian.CreateAndPulishAgentRequestApplicationConfigLongTermMemory(parts.longTermMemory) } : {}),
  });
}

/** CreateAndPulishAgent on the fake model; `fields` adds to or overrides the name and instructions. */
export function createAgent(client: BailianClient, workspaceId: string, name: string, fields: Record<string, unknown> = {}) {
  return client.createAndPulishAgent(
    workspaceId,
    new $Bailian.CreateAndPulishAgentRequest({ name, modelId: "fake-model", instructions: "Answer briefly.", ...fields }),
  );
}

/** Creates an AccessKey pair through the management API, for the user of `token`. */
export async function createAccessKey(server: TestServer, token = server.adminToken): Promise<AccessKeyPair> {
  const res = await server.call("POST", "/manage/v1/access-keys", { token, body: {} });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.accessKey.id, secret: res.body.secret };
}

/** Disables an AccessKey through the management API. */
export async function disableAccessKey(server: TestServer, keyId: string, token = server.adminToken): Promise<void> {
  const res = await server.call("POST", `/manage/v1/access-keys/${keyId}/disable`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.status).toBe("Inactive");
}

/** The error the official client threw (`code`, `statusCode`), failing if it did not throw. */
export async function clientError(promise: Promise<unknown>): Promise<{ code: string; statusCode: number; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { code?: string; statusCode?: number; message?: string; data?: { statusCode?: number } };
    return { code: String(e.code), statusCode: Number(e.statusCode ?? e.data?.statusCode), message: String(e.message) };
  }
  throw new Error("the client did not throw");
}

/** The official client types every response field as optional: this fails the test when one is absent. */
export function defined<T>(value: T | null | undefined): T {
  if (value === undefined || value === null) throw new Error("expected a value in the response");
  return value;
}
