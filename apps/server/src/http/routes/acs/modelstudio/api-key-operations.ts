import { type ApiKey, createApiKey, deleteApiKey, getApiKey, invalidField, listApiKeys, notFound, resetApiKey, updateApiKey } from "@appstudio/core";
import { KyselyApiKeyNumberRepository } from "@appstudio/storage";
import type { Container } from "../../../../container.js";
import type { AcsCall, AcsOperation } from "../acs-operation.js";
import { nextTokenAfter, optionalBoolean, optionalText, tokenPageOf } from "../bailian/bailian-envelope.js";
import { gmtOf, MODELSTUDIO_VERSION, modelStudioEnvelope, orderOf } from "./modelstudio-envelope.js";

/**
 * ModelStudio's API-key operations over our workspace API keys. Upstream names a key by an
 * int64 `apiKeyId`; ours are strings (`key-…`), so each key gets a stable number on first use
 * (table `api_key_numbers`). Paths accept either form. Permissions are core's: `apikey.read`
 * and `apikey.manage` in the key's workspace, and a key the caller may not read is a 404.
 */
const numbers = new WeakMap<Container, KyselyApiKeyNumberRepository>();
const numbering = (container: Container) => {
  let repo = numbers.get(container);
  if (!repo) {
    repo = new KyselyApiKeyNumberRepository(container.database.db);
    numbers.set(container, repo);
  }
  return repo;
};

async function keyIdOf(call: AcsCall, value: string): Promise<string> {
  if (/^key-[a-z0-9]{12}$/.test(value)) return value;
  const id = /^\d{1,15}$/.test(value) ? await numbering(call.container).apiKeyIdOf(Number(value)) : undefined;
  if (!id) throw notFound("API key", value);
  return id;
}

const ALL_NETWORKS = ["0.0.0.0/0", "::/0"];

/** `auth` as upstream describes a key: our IP allowlist; models are not restricted per key here. */
const authOf = (key: ApiKey) => ({
  type: key.ipAllowlist.length === 0 ? "All" : "Custom",
  accessIps: key.ipAllowlist.length === 0 ? ALL_NETWORKS : key.ipAllowlist,
  modelAccessScope: { allowAllModels: true, accessibleModels: [] },
});

/** The IP allowlist an `auth` parameter asks for; undefined when `auth` is absent. */
function allowlistOf(auth: unknown): string[] | undefined {
  if (auth === undefined || auth === "") return undefined;
  if (typeof auth !== "object" || auth === null || Array.isArray(auth)) throw invalidField("auth", "must be an object");
  const { type, accessIps, modelAccessScope } = auth as Record<string, unknown>;
  const scope = modelAccessScope as Record<string, unknown> | undefined;
  if (scope !== undefined && optionalBoolean(scope?.allowAllModels, "auth.modelAccessScope.allowAllModels") === false) {
    throw invalidField("auth.modelAccessScope", "per-key model lists are not supported here: API keys call apps, and apps choose their models");
  }
  const kind = optionalText(type, "auth.type") ?? "All";
  if (kind === "All") return [];
  if (kind !== "Custom") throw invalidField("auth.type", "must be All or Custom");
  const ips = accessIps === undefined ? [] : Array.isArray(accessIps) ? accessIps : [accessIps];
  if (!ips.every((ip): ip is string => typeof ip === "string")) throw invalidField("auth.accessIps", "must be a list of IP addresses or CIDR blocks");
  // Upstream's default ("anywhere") is the empty allowlist here.
  return ips.every((ip) => ALL_NETWORKS.includes(ip)) ? [] : ips;
}

async function apiKeyView(call: AcsCall, key: ApiKey) {
  const number = (await numbering(call.container).numbersFor([key.id])).get(key.id);
  return {
    apiKeyId: number,
    apiKeyValue: key.prefix,
    auth: authOf(key),
    createdBy: key.createdBy,
    description: key.description,
    disabled: key.disabled ? 1 : 0,
    gmtCreate: gmtOf(key.createdAt),
    workspaceId: key.workspaceId,
  };
}

async function createApiKeyOperation(call: AcsCall) {
  const workspaceId = optionalText(call.query.workspaceId, "workspaceId");
  const description = optionalText(call.query.description, "description");
  const ipAllowlist = allowlistOf(call.body.auth);
  const { key, secret } = await createApiKey(call.container.core, call.principal, {
    ...(workspaceId ? { workspaceId } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(ipAllowlist ? { ipAllowlist } : {}),
  });
  const { auth: _, disabled: __, ...view } = await apiKeyView(call, key);
  // The only time the whole key is shown.
  return modelStudioEnvelope(call.requestId, { apiKey: { ...view, apiKeyValue: secret } });
}

/** Every key the caller may read (they are few per workspace), so order and paging are exact. */
async function allVisibleKeys(call: AcsCall, filter: { workspaceId?: string; description?: string }): Promise<ApiKey[]> {
  const keys: ApiKey[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await listApiKeys(call.container.core, call.principal, { ...filter, limit: 500, offset });
    keys.push(...page.items);
    if (page.items.length < 500) return keys;
  }
}

async function listApiKeysOperation(call: AcsCall) {
  const { limit, offset } = tokenPageOf(call.query.maxResults, call.query.nextToken, 10);
  const order = orderOf(call.query.order);
  const orderBy = optionalText(call.query.orderBy, "orderBy") ?? "gmtCreate";
  if (orderBy !== "gmtCreate" && orderBy !== "apiKeyId") throw invalidField("orderBy", "must be apiKeyId or gmtCreate");
  const workspaceId = optionalText(call.query.workspaceId, "workspaceId");
  const description = optionalText(call.query.description, "description");
  const wanted = optionalText(call.query.apiKeyId, "apiKeyId");
  let keys: ApiKey[];
  if (wanted) {
    keys = [await getApiKey(call.container.core, call.principal, await keyIdOf(call, wanted))].filter(
      (k) => (!workspaceId || k.workspaceId === workspaceId) && (!description || k.description.toLowerCase().includes(description.toLowerCase())),
    );
  } else {
    keys = await allVisibleKeys(call, { ...(workspaceId ? { workspaceId } : {}), ...(description ? { description } : {}) });
  }
  const numberOf = await numbering(call.container).numbersFor(keys.map((k) => k.id));
  const sortKey = (k: ApiKey) => (orderBy === "apiKeyId" ? (numberOf.get(k.id) ?? 0) : gmtOf(k.createdAt));
  const sorted = [...keys].sort((a, b) => (sortKey(a) - sortKey(b) || (numberOf.get(a.id) ?? 0) - (numberOf.get(b.id) ?? 0)) * (order === "ASC" ? 1 : -1));
  const pageItems = sorted.slice(offset, offset + limit);
  const nextToken = nextTokenAfter({ limit, offset, total: sorted.length });
  return modelStudioEnvelope(call.requestId, {
    apiKeys: await Promise.all(pageItems.map((k) => apiKeyView(call, k))),
    totalCount: sorted.length,
    maxResults: limit,
    ...(nextToken ? { nextToken } : {}),
  });
}

async function getApiKeyOperation(call: AcsCall) {
  const key = await getApiKey(call.container.core, call.principal, await keyIdOf(call, call.params.apiKeyId ?? ""));
  return modelStudioEnvelope(call.requestId, { apiKey: await apiKeyView(call, key) });
}

const setDisabled = (disabled: boolean) => async (call: AcsCall) => {
  await updateApiKey(call.container.core, call.principal, await keyIdOf(call, call.params.apiKeyId ?? ""), { disabled });
  return modelStudioEnvelope(call.requestId);
};

async function resetApiKeyOperation(call: AcsCall) {
  const { key, secret } = await resetApiKey(call.container.core, call.principal, await keyIdOf(call, call.params.apiKeyId ?? ""));
  const view = await apiKeyView(call, key);
  return modelStudioEnvelope(call.requestId, { apiKey: { apiKeyId: view.apiKeyId, apiKeyValue: secret, workspaceId: key.workspaceId } });
}

async function updateApiKeyOperation(call: AcsCall) {
  const description = optionalText(call.query.description, "description");
  const ipAllowlist = allowlistOf(call.body.auth);
  await updateApiKey(call.container.core, call.principal, await keyIdOf(call, call.params.apiKeyId ?? ""), {
    ...(description !== undefined ? { description } : {}),
    ...(ipAllowlist ? { ipAllowlist } : {}),
  });
  return modelStudioEnvelope(call.requestId);
}

async function deleteApiKeyOperation(call: AcsCall) {
  await deleteApiKey(call.container.core, call.principal, await keyIdOf(call, call.params.apiKeyId ?? ""));
  return modelStudioEnvelope(call.requestId);
}

const v = MODELSTUDIO_VERSION;
const member = "/modelstudio/apikeys/:apiKeyId";
export const apiKeyOperations: AcsOperation[] = [
  { action: "CreateApiKey", version: v, method: "POST", path: "/modelstudio/apikeys", handle: createApiKeyOperation },
  { action: "ListApiKeys", version: v, method: "GET", path: "/modelstudio/apikeys", handle: listApiKeysOperation },
  { action: "GetApiKey", version: v, method: "GET", path: member, handle: getApiKeyOperation },
  { action: "UpdateApiKey", version: v, method: "PUT", path: member, handle: updateApiKeyOperation },
  { action: "DeleteApiKey", version: v, method: "DELETE", path: member, handle: deleteApiKeyOperation },
  { action: "DisableApiKey", version: v, method: "PUT", path: `${member}/disable`, handle: setDisabled(true) },
  { action: "EnableApiKey", version: v, method: "PUT", path: `${member}/enable`, handle: setDisabled(false) },
  { action: "ResetApiKey", version: v, method: "PUT", path: `${member}/reset`, handle: resetApiKeyOperation },
];
