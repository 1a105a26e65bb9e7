import { randomUUID } from "node:crypto";
import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acs3Signature, canonicalRequest, sha256Hex } from "../../src/http/routes/acs/acs-signature.js";
import { startTestServer, type TestServer } from "../../src/testing/index.js";
import { clientError, createAccessKey } from "./bailian-fixture.js";
import { modelStudioClient } from "./modelstudio-client.js";

const listWorkspaces = { action: "ListWorkspaces", method: "GET", pathname: "/modelstudio/workspaces" } as const;
const isoSeconds = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** Every refusal of a signed request, each with Alibaba Cloud's error code, seen by the official client. */
describe.each(testDialects())("ACS3-HMAC-SHA256 verification (%s)", (dialect) => {
  let server: TestServer;

  // Scale-out instances share the master key, or they could not open each other's sealed secrets.
  const masterKey = { APPSTUDIO_MASTER_KEY: "a-master-key-shared-by-every-instance-0123456789" };

  beforeAll(async () => {
    server = await startTestServer({ dialect, env: masterKey });
  }, 60_000);
  afterAll(() => server?.close());

  it("accepts the official client's signature and refuses a wrong secret with SignatureDoesNotMatch", async () => {
    const key = await createAccessKey(server);
    expect((await modelStudioClient(server, key)(listWorkspaces)).success).toBe(true);
    const forged = modelStudioClient(server, { id: key.id, secret: `${key.secret.slice(0, -1)}x` });
    expect(await clientError(forged(listWorkspaces))).toMatchObject({ code: "SignatureDoesNotMatch", statusCode: 400 });
  });

  it("refuses a replayed nonce with SignatureNonceUsed, also on another server process sharing the database", async () => {
    const key = await createAccessKey(server);
    const call = modelStudioClient(server, key);
    const nonce = randomUUID();
    expect((await call({ ...listWorkspaces, headers: { "x-acs-signature-nonce": nonce } })).success).toBe(true);
    expect(await clientError(call({ ...listWorkspaces, headers: { "x-acs-signature-nonce": nonce } }))).toMatchObject({
      code: "SignatureNonceUsed",
      statusCode: 400,
    });

    // A second server on the same database (and Redis, when configured): the nonce is shared state.
    const env = { ...masterKey, ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}) };
    const first = await startTestServer({ dialect, database: server.database, env });
    const second = await startTestServer({ dialect, database: server.database, env });
    try {
      const shared = randomUUID();
      expect((await modelStudioClient(first, key)({ ...listWorkspaces, headers: { "x-acs-signature-nonce": shared } })).success).toBe(true);
      expect(await clientError(modelStudioClient(second, key)({ ...listWorkspaces, headers: { "x-acs-signature-nonce": shared } }))).toMatchObject({
        code: "SignatureNonceUsed",
      });
    } finally {
      await first.close();
      await second.close();
    }
  });

  it("refuses a date more than 15 minutes off with InvalidTimeStamp.Expired, and a malformed one with InvalidTimeStamp.Format", async () => {
    const call = modelStudioClient(server, await createAccessKey(server));
    const at = (offsetMinutes: number) => ({ ...listWorkspaces, headers: { "x-acs-date": isoSeconds(Date.now() + offsetMinutes * 60_000) } });
    expect(await clientError(call(at(-16)))).toMatchObject({ code: "InvalidTimeStamp.Expired", statusCode: 400 });
    expect(await clientError(call(at(16)))).toMatchObject({ code: "InvalidTimeStamp.Expired" });
    expect((await call(at(-14))).success).toBe(true);
    expect(await clientError(call({ ...listWorkspaces, headers: { "x-acs-date": "yesterday" } }))).toMatchObject({ code: "InvalidTimeStamp.Format" });
  });

  it("refuses a disabled AccessKey (InvalidAccessKeyId.Inactive) until enabled, and a deleted or unknown one (InvalidAccessKeyId.NotFound)", async () => {
    const key = await createAccessKey(server);
    const call = modelStudioClient(server, key);
    await server.call("POST", `/manage/v1/access-keys/${key.id}/disable`, { token: server.adminToken });
    expect(await clientError(call(listWorkspaces))).toMatchObject({ code: "InvalidAccessKeyId.Inactive", statusCode: 400 });
    await server.call("POST", `/manage/v1/access-keys/${key.id}/enable`, { token: server.adminToken });
    expect((await call(listWorkspaces)).success).toBe(true);
    await server.call("DELETE", `/manage/v1/access-keys/${key.id}`, { token: server.adminToken });
    expect(await clientError(call(listWorkspaces))).toMatchObject({ code: "InvalidAccessKeyId.NotFound", statusCode: 404 });
    const unknown = modelStudioClient(server, { id: "LTAI00000000000000000000", secret: key.secret });
    expect(await clientError(unknown(listWorkspaces))).toMatchObject({ code: "InvalidAccessKeyId.NotFound" });
  });

  it("checks x-acs-content-sha256 against the body, and that every x-acs- header is signed", async () => {
    const key = await createAccessKey(server);
    const { host } = new URL(server.url);
    const signedFetch = (body: string, sentBody: string, extra: Record<string, string> = {}) => {
      const hashedPayload = sha256Hex(body);
      const headers: Record<string, string> = {
        host,
        "content-type": "application/json",
        "x-acs-action": "CreateWorkspace",
        "x-acs-version": "2026-02-10",
        "x-acs-date": isoSeconds(Date.now()),
        "x-acs-signature-nonce": randomUUID(),
        "x-acs-content-sha256": hashedPayload,
      };
      const signedHeaders = Object.keys(headers).sort();
      const rawUrl = "/modelstudio/workspaces?workspaceName=tampered";
      const signature = acs3Signature(key.secret, canonicalRequest({ method: "POST", rawUrl, headers, signedHeaders, hashedPayload }));
      const authorization = `ACS3-HMAC-SHA256 Credential=${key.id},SignedHeaders=${signedHeaders.join(";")},Signature=${signature}`;
      return fetch(`${server.url}${rawUrl}`, { method: "POST", headers: { ...headers, ...extra, authorization }, body: sentBody });
    };
    const tampered = await signedFetch("{}", '{"x":1}');
    expect(tampered.status).toBe(400);
    expect(await tampered.json()).toMatchObject({ code: "SignatureDoesNotMatch", success: false, httpStatusCode: 400, requestId: expect.any(String) });
    const extraHeader = await signedFetch("{}", "{}", { "x-acs-extra": "unsigned" });
    expect(await extraHeader.json()).toMatchObject({ code: "IncompleteSignature" });
    const ok = await signedFetch("{}", "{}");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ success: true, workspace: { workspaceName: "tampered" } });
  });

  it("answers only signed requests: no x-acs-action is not the OpenAPI, a missing signature or unknown action gets ACS errors", async () => {
    const plain = await fetch(`${server.url}/modelstudio/workspaces`);
    expect(plain.status).toBe(404);
    expect(await plain.json()).toMatchObject({ code: "NotFound" });
    const unsigned = await fetch(`${server.url}/modelstudio/workspaces`, { headers: { "x-acs-action": "ListWorkspaces", "x-acs-version": "2026-02-10" } });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ code: "IncompleteSignature", success: false });
    const unknown = await fetch(`${server.url}/modelstudio/workspaces`, { headers: { "x-acs-action": "ListEverything", "x-acs-version": "2026-02-10" } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: "InvalidApi.NotFound" });
    const wrongVersion = await fetch(`${server.url}/modelstudio/workspaces`, { headers: { "x-acs-action": "ListWorkspaces", "x-acs-version": "2020-01-01" } });
    expect(await wrongVersion.json()).toMatchObject({ code: "InvalidApi.NotFound" });
  });
});
