import { describe, expect, it } from "vitest";
import type { ApiKey } from "../api-keys/api-key-types.js";
import type { App, AppVersion } from "../apps/app-types.js";
import { AppError } from "../errors.js";
import { sha256 } from "../ids.js";
import type { ApiKeyRepository, AppRepository } from "../ports/repositories.js";
import type { HostRoute } from "../workspaces/resolve-host.js";
import type { Region, Workspace } from "../workspaces/workspace-types.js";
import { type AppCallInput, appsCallableBy, authorizeAppCall } from "./authorize-app-call.js";

const W = "ws-aaaaaaaaaaaaaaaa";
const OTHER = "ws-bbbbbbbbbbbbbbbb";
const ABROAD = "ws-cccccccccccccccc";
const SECRET = `sk-${"a1".repeat(16)}`;
const cn: Region = { id: "cn", name: "China", sharedOrigin: "http://dashscope.example.com", apiDomain: "maas.example.com" };
const intl: Region = { id: "intl", name: "International", sharedOrigin: "http://intl.example.com", apiDomain: "maas.example.com" };
const shared: HostRoute = { region: cn, workspaceId: null };

const workspace: Workspace = { id: W, name: "W", region: "cn", isDefault: true, createdAt: "", updatedAt: "" };
const workspaces: Workspace[] = [
  workspace,
  { ...workspace, id: OTHER, name: "Other", isDefault: false },
  { ...workspace, id: ABROAD, name: "Abroad", region: "intl" },
];
const baseKey: ApiKey = {
  id: "key-1",
  workspaceId: W,
  prefix: "sk-a1a...a1a1",
  description: "",
  createdBy: "u",
  createdAt: "",
  lastUsedAt: null,
  disabled: false,
  ipAllowlist: [],
  appAllowlist: [],
  scope: "workspace",
};
const region: Partial<ApiKey> = { scope: "region" };

const app = (id: string, over: Partial<App> = {}): App => ({
  id,
  workspaceId: W,
  type: "agent",
  name: id,
  description: "",
  draft: {} as App["draft"],
  draftChanged: false,
  publishedVersion: 1,
  publishedAt: "",
  createdBy: "u",
  createdAt: "",
  updatedAt: "",
  ...over,
});
const PUBLISHED = "a".repeat(32);
const apps = [
  app(PUBLISHED),
  app("b".repeat(32)),
  app("c".repeat(32), { publishedVersion: null }),
  app("d".repeat(32), { type: "workflow", publishedVersion: null }),
  app("e".repeat(32), { workspaceId: OTHER }),
  app("f".repeat(32), { workspaceId: OTHER, type: "workflow", publishedVersion: null }),
  app("0".repeat(32), { publishedVersion: 7 }), // its version row is missing
];

function deps(key: Partial<ApiKey> = {}) {
  const touched: string[] = [];
  const apiKeys = {
    findWithWorkspaceByHash: async (hash: string) => (hash === sha256(SECRET) ? { key: { ...baseKey, ...key }, workspace } : undefined),
    touch: async (id: string) => void touched.push(id),
  } as unknown as ApiKeyRepository;
  const appRepo = {
    findById: async (id: string) => apps.find((a) => a.id === id),
    findVersion: async (appId: string, version: number) => (version === 1 ? ({ appId, version, config: {} } as AppVersion) : undefined),
  } as unknown as AppRepository;
  const workspaceRepo = { findById: async (id: string) => workspaces.find((w) => w.id === id) };
  return { apiKeys, apps: appRepo, workspaces: workspaceRepo, clock: { now: () => new Date("2026-01-01T00:00:00Z") }, touched };
}

const call = (over: Partial<AppCallInput> = {}): AppCallInput => ({
  authorization: `Bearer ${SECRET}`,
  host: shared,
  workspaceHeader: undefined,
  clientIp: "10.0.0.1",
  ...over,
});

async function outcome(input: AppCallInput, key: Partial<ApiKey> = {}): Promise<string> {
  try {
    const caller = await authorizeAppCall(deps(key), input);
    return `ok ${caller.workspace.id} ${caller.region.id}${caller.called ? ` ${caller.called.app.id.slice(0, 1)}` : ""}`;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

describe("authorizeAppCall", () => {
  it.each<[string, AppCallInput, Partial<ApiKey>, string]>([
    // The key.
    ["no Authorization header", call({ authorization: undefined }), {}, "InvalidApiKey"],
    ["a secret that is not an sk- key", call({ authorization: "Bearer at-123" }), {}, "InvalidApiKey"],
    ["not a Bearer credential", call({ authorization: `Basic ${SECRET}` }), {}, "InvalidApiKey"],
    ["an unknown key", call({ authorization: `Bearer sk-${"0".repeat(32)}` }), {}, "InvalidApiKey"],
    ["a disabled key", call(), { disabled: true }, "InvalidApiKey"],
    ["a valid key on its region's shared host", call(), {}, `ok ${W} cn`],
    // Region binding and unknown hosts.
    ["a host of another region", call({ host: { region: intl, workspaceId: null } }), {}, "InvalidApiKey"],
    ["a host of no configured region", call({ host: null }), {}, "InvalidApiKey"],
    // Workspace precedence: dedicated host > header > the key's own.
    ["its workspace's dedicated host", call({ host: { region: cn, workspaceId: W } }), {}, `ok ${W} cn`],
    ["another workspace's dedicated host", call({ host: { region: cn, workspaceId: OTHER } }), {}, "Workspace.AccessDenied"],
    [
      "the dedicated host wins over a header naming the key's workspace",
      call({ host: { region: cn, workspaceId: OTHER }, workspaceHeader: W }),
      {},
      "Workspace.AccessDenied",
    ],
    [
      "a header naming another workspace on its own dedicated host",
      call({ host: { region: cn, workspaceId: W }, workspaceHeader: OTHER }),
      {},
      "Workspace.AccessDenied",
    ],
    ["a header naming its workspace", call({ workspaceHeader: ` ${W} ` }), {}, `ok ${W} cn`],
    ["a header naming another workspace", call({ workspaceHeader: OTHER }), {}, "Workspace.AccessDenied"],
    ["an empty header falls back to the key's workspace", call({ workspaceHeader: "  " }), {}, `ok ${W} cn`],
    // Region is decided before the workspace: another region's dedicated host is not even a workspace refusal.
    ["another region's dedicated host of its workspace", call({ host: { region: intl, workspaceId: W } }), {}, "InvalidApiKey"],
    // IP allowlist.
    ["an address inside the IP allowlist", call(), { ipAllowlist: ["10.0.0.0/8"] }, `ok ${W} cn`],
    ["an address outside the IP allowlist", call({ clientIp: "192.0.2.1" }), { ipAllowlist: ["10.0.0.0/8"] }, "AccessDenied"],
    ["an unknown address with an IP allowlist", call({ clientIp: null }), { ipAllowlist: ["10.0.0.0/8"] }, "AccessDenied"],
    [
      "a workspace refusal comes before the address check",
      call({ workspaceHeader: OTHER, clientIp: "192.0.2.1" }),
      { ipAllowlist: ["10.0.0.0/8"] },
      "Workspace.AccessDenied",
    ],
    // The app.
    ["a published app of the workspace", call({ appId: PUBLISHED }), {}, `ok ${W} cn a`],
    ["an unknown app", call({ appId: "9".repeat(32) }), {}, "App.AccessDenied"],
    ["an app of another workspace", call({ appId: "e".repeat(32) }), {}, "App.AccessDenied"],
    ["an unpublished workflow of another workspace", call({ appId: "f".repeat(32) }), {}, "App.AccessDenied"],
    ["an unpublished agent", call({ appId: "c".repeat(32) }), {}, "App.AccessDenied"],
    ["an unpublished workflow of the workspace", call({ appId: "d".repeat(32) }), {}, "FlowNotPublished"],
    ["a published version that cannot be found", call({ appId: "0".repeat(32) }), {}, "App.AccessDenied"],
    ["an app in the key's app allowlist", call({ appId: PUBLISHED }), { appAllowlist: [PUBLISHED] }, `ok ${W} cn a`],
    ["an app outside the key's app allowlist", call({ appId: "b".repeat(32) }), { appAllowlist: [PUBLISHED] }, "App.AccessDenied"],
    ["an unpublished workflow outside the allowlist", call({ appId: "d".repeat(32) }), { appAllowlist: [PUBLISHED] }, "App.AccessDenied"],
    ["the key is refused before the app is looked at", call({ appId: PUBLISHED, host: null }), {}, "InvalidApiKey"],
    // Region keys (Model Studio's main-account key rule): any workspace of the region, named in the header, on the shared host.
    ["a region key without a header: its own workspace", call(), region, `ok ${W} cn`],
    ["a region key naming another workspace of its region", call({ workspaceHeader: OTHER }), region, `ok ${OTHER} cn`],
    ["a region key calling an app of the workspace it names", call({ workspaceHeader: OTHER, appId: "e".repeat(32) }), region, `ok ${OTHER} cn e`],
    ["a region key calling an app of its own workspace while naming another", call({ workspaceHeader: OTHER, appId: PUBLISHED }), region, "App.AccessDenied"],
    ["a region key naming a workspace of another region", call({ workspaceHeader: ABROAD }), region, "Workspace.AccessDenied"],
    ["a region key naming an unknown workspace", call({ workspaceHeader: "ws-zzzzzzzzzzzzzzzz" }), region, "Workspace.AccessDenied"],
    ["a region key on another workspace's dedicated host", call({ host: { region: cn, workspaceId: OTHER } }), region, "Workspace.AccessDenied"],
    [
      "a region key naming another workspace on its own dedicated host",
      call({ host: { region: cn, workspaceId: W }, workspaceHeader: OTHER }),
      region,
      "Workspace.AccessDenied",
    ],
    ["a region key on its own dedicated host", call({ host: { region: cn, workspaceId: W } }), region, `ok ${W} cn`],
    ["a region key on a host of another region", call({ host: { region: intl, workspaceId: null }, workspaceHeader: ABROAD }), region, "InvalidApiKey"],
    [
      "a region key's app allowlist still applies",
      call({ workspaceHeader: OTHER, appId: "e".repeat(32) }),
      { ...region, appAllowlist: [PUBLISHED] },
      "App.AccessDenied",
    ],
  ])("%s", async (_name, input, key, expected) => {
    expect(await outcome(input, key)).toBe(expected);
  });

  it("tells the caller which key was presented before a later check refuses it", async () => {
    const seen: string[] = [];
    const d = { ...deps(), onKeyFound: ({ key }: { key: ApiKey }) => void seen.push(key.id) };
    await expect(authorizeAppCall(d, call({ workspaceHeader: OTHER }))).rejects.toThrow(AppError);
    expect(seen).toEqual(["key-1"]);
  });

  it("marks the key used at most once a minute", async () => {
    const d = deps({ id: "key-touch" });
    await authorizeAppCall(d, call());
    await authorizeAppCall(d, call());
    expect(d.touched).toEqual(["key-touch"]);
  });

  it("lists, as callable, the workspace's apps narrowed to the key's app allowlist", () => {
    const caller = { key: baseKey, workspace, region: cn };
    expect(appsCallableBy(caller)).toEqual({ workspaceIds: [W] });
    expect(appsCallableBy({ ...caller, key: { ...baseKey, appAllowlist: [PUBLISHED] } })).toEqual({ workspaceIds: [W], ids: [PUBLISHED] });
  });
});
