import OpenApiModule, { $OpenApiUtil } from "@alicloud/openapi-core";
import type { TestServer } from "../../src/testing/index.js";
import type { AccessKeyPair } from "./bailian-fixture.js";

// CommonJS with `exports.default = Client`: Node's ESM loader puts the class at `.default`, vitest unwraps it.
type ClientClass = typeof OpenApiModule.default;
const loaded = OpenApiModule as unknown as ClientClass | { default: ClientClass };
const OpenApiClient: ClientClass = typeof loaded === "function" ? loaded : loaded.default;

export interface ModelStudioCall {
  action: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  pathname: string;
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
  /** formData (form-urlencoded) or json, as the Go SDK declares per operation. */
  reqBodyType?: "formData" | "json";
  headers?: Record<string, string>;
}

/**
 * The official generic client (`@alicloud/openapi-core` `callApi`, ROA style, ACS3-HMAC-SHA256)
 * pointed at a test server, calling ModelStudio 2026-02-10 operations the way the product SDKs do.
 */
export function modelStudioClient(server: TestServer, key: AccessKeyPair) {
  const { host } = new URL(server.url);
  const client = new OpenApiClient(
    new $OpenApiUtil.Config({ accessKeyId: key.id, accessKeySecret: key.secret, endpoint: host, protocol: "HTTP", regionId: "cn-beijing" }),
  );
  return async (call: ModelStudioCall): Promise<any> => {
    const params = new $OpenApiUtil.Params({
      action: call.action,
      version: "2026-02-10",
      protocol: "HTTP",
      pathname: call.pathname,
      method: call.method,
      authType: "AK",
      style: "ROA",
      reqBodyType: call.reqBodyType ?? "json",
      bodyType: "json",
    });
    const request = new $OpenApiUtil.OpenApiRequest({
      ...(call.query ? { query: Object.fromEntries(Object.entries(call.query).map(([k, v]) => [k, String(v)])) } : {}),
      ...(call.body ? { body: call.body } : {}),
      ...(call.headers ? { headers: call.headers } : {}),
    });
    const response = await client.callApi(params, request, {} as never);
    return response.body;
  };
}
