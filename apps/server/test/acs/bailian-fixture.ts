import BailianModule, * as $Bailian from "@alicloud/bailian20231229";
import { expect } from "vitest";
import type { TestServer } from "../../src/testing/index.js";

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
