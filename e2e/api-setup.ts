import { type APIRequestContext, expect, request } from "@playwright/test";
import { baseUrl } from "./helpers.js";

/**
 * Sets up accounts and workspaces through the management API as the main account, so a spec can
 * start from the state it tests instead of clicking there first.
 */
export class AdminApi {
  private constructor(private readonly api: APIRequestContext) {}

  static async signIn(): Promise<AdminApi> {
    // Cookie-authenticated writes must come from the console's own origin.
    const api = await request.newContext({ baseURL: baseUrl(), extraHTTPHeaders: { origin: baseUrl() } });
    const res = await api.post("/manage/v1/session", { data: { loginName: "admin", password: process.env.E2E_ADMIN_PASSWORD ?? "" } });
    expect(res.status()).toBe(200);
    return new AdminApi(api);
  }

  async call<T = Record<string, unknown>>(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, data?: unknown): Promise<T> {
    const res = await this.api.fetch(`/manage/v1${path}`, { method, ...(data === undefined ? {} : { data }) });
    expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
    return (await res.json()) as T;
  }

  async createUser(loginName: string, password: string, policies: string[] = []): Promise<string> {
    return (await this.call<{ id: string }>("POST", "/users", { loginName, password, policies })).id;
  }

  async createWorkspace(name: string): Promise<string> {
    return (await this.call<{ id: string }>("POST", "/workspaces", { name })).id;
  }

  async setMember(workspaceId: string, userId: string, role: "admin" | "member"): Promise<void> {
    await this.call("POST", `/workspaces/${workspaceId}/members`, { userId, role });
  }

  async createApp(workspaceId: string, name: string, type: "agent" | "workflow" = "agent"): Promise<string> {
    return (await this.call<{ id: string }>("POST", "/apps", { workspaceId, type, name })).id;
  }

  close(): Promise<void> {
    return this.api.dispose();
  }
}
