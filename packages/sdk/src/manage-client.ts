import { apiErrorFrom, fetchOrThrow, streamError } from "./api-error.js";
import { parseSse } from "./sse-parser.js";
import type {
  AccessKey,
  AccessToken,
  ApiKey,
  App,
  AppDetail,
  AppType,
  AppVersion,
  AuditEvent,
  AuditQuery,
  CallLog,
  CallLogQuery,
  CallStats,
  CallStatsQuery,
  ChangePasswordBody,
  CompletionRequest,
  CompletionResponse,
  CreateApiKeyBody,
  CreateAppBody,
  CreatedAccessKey,
  CreatedApiKey,
  CreatedToken,
  CreateKnowledgeBaseBody,
  CreateMcpServiceBody,
  CreateMemoryBody,
  CreateProviderBody,
  CreateTokenBody,
  CreateUserBody,
  CreateWorkspaceBody,
  DocumentStatus,
  HitTestBody,
  HitTestResult,
  KnowledgeBase,
  KnowledgeChunk,
  KnowledgeDocument,
  McpService,
  McpToolListing,
  Member,
  MemberRole,
  Memory,
  MemoryNode,
  Page,
  PageQuery,
  Policy,
  Provider,
  ProviderModels,
  ProviderStatus,
  ProviderTestResult,
  Region,
  UpdateApiKeyBody,
  UpdateAppBody,
  UpdateChunkBody,
  UpdateDocumentBody,
  UpdateKnowledgeBaseBody,
  UpdateMcpServiceBody,
  UpdateUserBody,
  UploadResult,
  User,
  WhoAmI,
  WorkflowRun,
  WorkflowRunDetail,
  WorkflowRunQuery,
  Workspace,
} from "./types.js";

export interface ManageClientOptions {
  /** Server origin, e.g. http://localhost:8080 (the /manage/v1 prefix is added here). */
  baseUrl: string;
  /** Personal access token (`ast_...`), sent as `Authorization: Bearer`. */
  token?: string;
  /** Console session cookie (`name=value`), the alternative to a token right after sign-in. */
  cookie?: string;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
  /** Aborts every request of this client (make one client per cancellable operation). */
  signal?: AbortSignal;
}

// Any object of scalar values; undefined ones are left out of the query string.
type Query = object;
type AppLookup = { workspaceId?: string };
/** A file to upload: its name (the document's name) and its bytes. */
export interface UploadFile {
  name: string;
  data: Blob;
}
/** A console test run: an app call body, and which configuration runs (default draft). */
export type TestRunBody = CompletionRequest & { version?: "draft" | "published" };
type RequestOptions = { query?: Query; body?: unknown; form?: FormData; accept?: string };

/** Typed client of the management API: one method per route, errors thrown as ApiError / ConnectionError. */
export class ManageClient {
  readonly baseUrl: string;
  private readonly options: ManageClientOptions;

  constructor(options: ManageClientOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
  }

  /** The absolute URL of a management route, for what fetch cannot do (links, uploads that report progress). */
  url(path: string, query?: Query): string {
    return `${this.baseUrl}/manage/v1${path}${toQueryString(query)}`;
  }

  /** Low-level call; returns the parsed JSON body and the response (for headers such as Set-Cookie). */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<{ body: T; response: Response }> {
    const response = await this.send(method, path, options);
    const text = await response.text();
    return { body: (text ? JSON.parse(text) : undefined) as T, response };
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: options.accept ?? "application/json", ...this.options.headers };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (this.options.cookie) headers.cookie = this.options.cookie;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    // A form's content type (with its boundary) is set by fetch.
    const body = options.form ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
    const { signal } = this.options;
    const init: RequestInit = { method, headers, ...(body !== undefined ? { body } : {}), ...(signal ? { signal } : {}) };
    const response = await fetchOrThrow(this.options.fetch ?? fetch, this.url(path, options.query), init);
    if (!response.ok) throw await apiErrorFrom(response);
    return response;
  }

  private async call<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.request<T>(method, path, options)).body;
  }

  // Account and tokens
  /** Signs in with a password; returns the user and the session cookie to use for follow-up calls (Node only: browsers hide Set-Cookie). */
  async signIn(loginName: string, password: string): Promise<{ whoAmI: WhoAmI; cookie: string | undefined }> {
    const { body, response } = await this.request<WhoAmI>("POST", "/session", { body: { loginName, password } });
    const setCookie = response.headers.getSetCookie?.() ?? [];
    const cookie = setCookie.map((c) => c.split(";")[0] ?? "").find((c) => c.length > 0);
    return { whoAmI: body, cookie };
  }
  signOut = () => this.call<{ ok: true }>("DELETE", "/session");
  whoami = () => this.call<WhoAmI>("GET", "/whoami");
  changePassword = (body: ChangePasswordBody) => this.call<{ ok: true }>("POST", "/account/password", { body });
  listTokens = () => this.call<{ items: AccessToken[] }>("GET", "/tokens");
  createToken = (body: CreateTokenBody) => this.call<CreatedToken>("POST", "/tokens", { body });
  revokeToken = (id: string) => this.call<{ ok: true }>("DELETE", `/tokens/${enc(id)}`);

  // Users and policies
  listPolicies = () => this.call<{ items: { name: Policy; description: string }[] }>("GET", "/policies");
  listUsers = (query: PageQuery & { search?: string } = {}) => this.call<Page<User>>("GET", "/users", { query });
  createUser = (body: CreateUserBody) => this.call<User>("POST", "/users", { body });
  getUser = (id: string) => this.call<User>("GET", `/users/${enc(id)}`);
  updateUser = (id: string, body: UpdateUserBody) => this.call<User>("PATCH", `/users/${enc(id)}`, { body });
  deleteUser = (id: string) => this.call<{ ok: true }>("DELETE", `/users/${enc(id)}`);

  // Regions, workspaces, members
  listRegions = () => this.call<{ items: Region[] }>("GET", "/regions");
  listWorkspaces = (query: PageQuery & { all?: boolean; region?: string; name?: string } = {}) => this.call<Page<Workspace>>("GET", "/workspaces", { query });
  createWorkspace = (body: CreateWorkspaceBody) => this.call<Workspace>("POST", "/workspaces", { body });
  getWorkspace = (id: string) => this.call<Workspace>("GET", `/workspaces/${enc(id)}`);
  renameWorkspace = (id: string, name: string) => this.call<Workspace>("PATCH", `/workspaces/${enc(id)}`, { body: { name } });
  deleteWorkspace = (id: string) => this.call<{ ok: true }>("DELETE", `/workspaces/${enc(id)}`);
  listMembers = (workspaceId: string) => this.call<{ items: Member[] }>("GET", `/workspaces/${enc(workspaceId)}/members`);
  setMember = (workspaceId: string, body: { userId: string; role: MemberRole }) =>
    this.call<Member>("POST", `/workspaces/${enc(workspaceId)}/members`, { body });
  setMemberRole = (workspaceId: string, userId: string, role: MemberRole) =>
    this.call<Member>("PATCH", `/workspaces/${enc(workspaceId)}/members/${enc(userId)}`, { body: { role } });
  removeMember = (workspaceId: string, userId: string) => this.call<{ ok: true }>("DELETE", `/workspaces/${enc(workspaceId)}/members/${enc(userId)}`);

  // Apps: `app` is an App ID, or a name together with `workspaceId`
  listApps = (query: PageQuery & { workspaceId?: string; type?: AppType; name?: string } = {}) => this.call<Page<App>>("GET", "/apps", { query });
  createApp = (body: CreateAppBody) => this.call<AppDetail>("POST", "/apps", { body });
  getApp = (app: string, lookup: AppLookup = {}) => this.call<AppDetail>("GET", `/apps/${enc(app)}`, { query: lookup });
  updateApp = (app: string, body: UpdateAppBody, lookup: AppLookup = {}) => this.call<AppDetail>("PATCH", `/apps/${enc(app)}`, { query: lookup, body });
  deleteApp = (app: string, lookup: AppLookup = {}) => this.call<{ ok: true }>("DELETE", `/apps/${enc(app)}`, { query: lookup });
  publishApp = (app: string, note?: string, lookup: AppLookup = {}) =>
    this.call<AppDetail>("POST", `/apps/${enc(app)}/publish`, { query: lookup, body: note === undefined ? {} : { note } });
  listVersions = (app: string, lookup: AppLookup = {}) => this.call<{ items: AppVersion[] }>("GET", `/apps/${enc(app)}/versions`, { query: lookup });
  getVersion = (app: string, version: number, lookup: AppLookup = {}) =>
    this.call<AppVersion>("GET", `/apps/${enc(app)}/versions/${version}`, { query: lookup });
  rollbackApp = (app: string, version: number, lookup: AppLookup = {}) =>
    this.call<AppDetail>("POST", `/apps/${enc(app)}/rollback`, { query: lookup, body: { version } });
  /** Runs of a workflow app, newest first. */
  listWorkflowRuns = (app: string, query: WorkflowRunQuery = {}) => this.call<Page<WorkflowRun>>("GET", `/apps/${enc(app)}/runs`, { query });
  getWorkflowRun = (runId: string) => this.call<WorkflowRunDetail>("GET", `/runs/${enc(runId)}`);

  /**
   * Runs the app's draft (or published version) as the signed-in user and yields each envelope
   * as it streams. An error answered before the stream or sent as `event:error` is thrown as ApiError.
   */
  async *testRun(app: string, body: TestRunBody, lookup: AppLookup = {}): AsyncGenerator<CompletionResponse> {
    const response = await this.send("POST", `/apps/${enc(app)}/test-run`, { query: lookup, body, accept: "text/event-stream" });
    if (!(response.headers.get("content-type") ?? "").includes("text/event-stream") || !response.body) {
      yield (await response.json()) as CompletionResponse;
      return;
    }
    try {
      for await (const event of parseSse(response.body)) {
        if (event.event === "error") throw streamError(event.data, event.status, response);
        yield JSON.parse(event.data) as CompletionResponse;
      }
    } finally {
      // Stopped early (a break or a throw): free the connection.
      await response.body.cancel().catch(() => {});
    }
  }

  // API keys
  listApiKeys = (query: PageQuery & { workspaceId?: string; description?: string } = {}) => this.call<Page<ApiKey>>("GET", "/api-keys", { query });
  createApiKey = (body: CreateApiKeyBody) => this.call<CreatedApiKey>("POST", "/api-keys", { body });
  getApiKey = (id: string) => this.call<ApiKey>("GET", `/api-keys/${enc(id)}`);
  updateApiKey = (id: string, body: UpdateApiKeyBody) => this.call<ApiKey>("PATCH", `/api-keys/${enc(id)}`, { body });
  disableApiKey = (id: string) => this.call<ApiKey>("POST", `/api-keys/${enc(id)}/disable`);
  enableApiKey = (id: string) => this.call<ApiKey>("POST", `/api-keys/${enc(id)}/enable`);
  resetApiKey = (id: string) => this.call<CreatedApiKey>("POST", `/api-keys/${enc(id)}/reset`);
  deleteApiKey = (id: string) => this.call<{ ok: true }>("DELETE", `/api-keys/${enc(id)}`);

  listAccessKeys = (query: { userId?: string } = {}) => this.call<{ items: AccessKey[] }>("GET", "/access-keys", { query });
  createAccessKey = (body: { userId?: string } = {}) => this.call<CreatedAccessKey>("POST", "/access-keys", { body });
  disableAccessKey = (id: string) => this.call<AccessKey>("POST", `/access-keys/${enc(id)}/disable`);
  enableAccessKey = (id: string) => this.call<AccessKey>("POST", `/access-keys/${enc(id)}/enable`);
  deleteAccessKey = (id: string) => this.call<{ ok: true }>("DELETE", `/access-keys/${enc(id)}`);

  // Logs
  listAuditEvents = (query: AuditQuery = {}) => this.call<Page<AuditEvent>>("GET", "/audit-events", { query });
  listCallLogs = (query: CallLogQuery = {}) => this.call<Page<CallLog>>("GET", "/call-logs", { query });
  getCallLog = (requestId: string) => this.call<CallLog>("GET", `/call-logs/${enc(requestId)}`);
  callLogStats = (query: CallStatsQuery = {}) => this.call<CallStats>("GET", "/call-logs/stats", { query });

  // Model providers
  listProviders = (query: { workspaceId?: string } = {}) => this.call<{ items: Provider[] }>("GET", "/providers", { query });
  /** The model IDs each provider offers (patterns resolved by the server), for model pickers. */
  listProviderModels = (query: { workspaceId?: string } = {}) => this.call<ProviderModels>("GET", "/providers/models", { query });
  providerStatus = () => this.call<ProviderStatus>("GET", "/providers/status");
  createProvider = (body: CreateProviderBody) => this.call<Provider>("POST", "/providers", { body });
  deleteProvider = (id: string) => this.call<{ ok: true }>("DELETE", `/providers/${enc(id)}`);
  testProvider = (id: string) => this.call<ProviderTestResult>("POST", `/providers/${enc(id)}/test`);

  // Knowledge bases: `kb` is a knowledge base ID, or a name together with `workspaceId`
  listKnowledgeBases = (query: PageQuery & { workspaceId: string; name?: string }) => this.call<Page<KnowledgeBase>>("GET", "/knowledge-bases", { query });
  createKnowledgeBase = (body: CreateKnowledgeBaseBody) => this.call<KnowledgeBase>("POST", "/knowledge-bases", { body });
  getKnowledgeBase = (kb: string, lookup: AppLookup = {}) => this.call<KnowledgeBase>("GET", `/knowledge-bases/${enc(kb)}`, { query: lookup });
  updateKnowledgeBase = (kb: string, body: UpdateKnowledgeBaseBody, lookup: AppLookup = {}) =>
    this.call<KnowledgeBase>("PATCH", `/knowledge-bases/${enc(kb)}`, { query: lookup, body });
  deleteKnowledgeBase = (kb: string, lookup: AppLookup = {}) => this.call<{ ok: true }>("DELETE", `/knowledge-bases/${enc(kb)}`, { query: lookup });
  reindexKnowledgeBase = (kb: string, lookup: AppLookup = {}) =>
    this.call<{ queued: number }>("POST", `/knowledge-bases/${enc(kb)}/reindex`, { query: lookup });
  listDocuments = (kb: string, query: PageQuery & AppLookup & { status?: DocumentStatus; tag?: string; name?: string } = {}) =>
    this.call<Page<KnowledgeDocument>>("GET", `/knowledge-bases/${enc(kb)}/documents`, { query });
  /** Uploads files in one multipart request; refused files come back in `errors`, the others in `items`. */
  uploadDocuments = (kb: string, files: UploadFile[], options: AppLookup & { tags?: string[]; metadata?: Record<string, string | number | boolean> } = {}) => {
    const form = new FormData();
    // Fields first: the server applies them to the files that follow.
    if (options.tags && options.tags.length > 0) form.append("tags", JSON.stringify(options.tags));
    if (options.metadata) form.append("metadata", JSON.stringify(options.metadata));
    for (const file of files) form.append("file", file.data, file.name);
    return this.call<UploadResult>("POST", `/knowledge-bases/${enc(kb)}/documents`, { query: { workspaceId: options.workspaceId }, form });
  };
  /** Hit testing: the ranked chunks, with what each retriever made of them. */
  retrieve = (kb: string, body: HitTestBody, lookup: AppLookup = {}) =>
    this.call<HitTestResult>("POST", `/knowledge-bases/${enc(kb)}/retrieve`, { query: lookup, body });
  getDocument = (id: string) => this.call<KnowledgeDocument>("GET", `/knowledge-documents/${enc(id)}`);
  updateDocument = (id: string, body: UpdateDocumentBody) => this.call<KnowledgeDocument>("PATCH", `/knowledge-documents/${enc(id)}`, { body });
  deleteDocument = (id: string) => this.call<{ ok: true }>("DELETE", `/knowledge-documents/${enc(id)}`);
  reindexDocument = (id: string) => this.call<KnowledgeDocument>("POST", `/knowledge-documents/${enc(id)}/reindex`);
  /** Where the original file downloads from (a browser link carries the session cookie). */
  documentFileUrl = (id: string) => this.url(`/knowledge-documents/${enc(id)}/file`);
  listChunks = (documentId: string, query: PageQuery = {}) =>
    this.call<Page<KnowledgeChunk>>("GET", `/knowledge-documents/${enc(documentId)}/chunks`, { query });
  updateChunk = (id: string, body: UpdateChunkBody) => this.call<KnowledgeChunk>("PATCH", `/knowledge-chunks/${enc(id)}`, { body });
  deleteChunk = (id: string) => this.call<{ ok: true }>("DELETE", `/knowledge-chunks/${enc(id)}`);

  // MCP services: `service` is an ID, or a name together with `workspaceId`
  listMcpServices = (query: PageQuery & { workspaceId: string }) => this.call<Page<McpService>>("GET", "/mcp-services", { query });
  createMcpService = (body: CreateMcpServiceBody) => this.call<McpService>("POST", "/mcp-services", { body });
  getMcpService = (service: string, lookup: AppLookup = {}) => this.call<McpService>("GET", `/mcp-services/${enc(service)}`, { query: lookup });
  updateMcpService = (service: string, body: UpdateMcpServiceBody, lookup: AppLookup = {}) =>
    this.call<McpService>("PATCH", `/mcp-services/${enc(service)}`, { query: lookup, body });
  deleteMcpService = (service: string, lookup: AppLookup = {}) => this.call<{ ok: true }>("DELETE", `/mcp-services/${enc(service)}`, { query: lookup });
  listMcpServiceTools = (service: string, lookup: AppLookup = {}) => this.call<McpToolListing>("GET", `/mcp-services/${enc(service)}/tools`, { query: lookup });

  // Long-term memory
  listMemories = (query: PageQuery & { workspaceId?: string } = {}) => this.call<Page<Memory>>("GET", "/memories", { query });
  createMemory = (body: CreateMemoryBody) => this.call<Memory>("POST", "/memories", { body });
  getMemory = (id: string) => this.call<Memory>("GET", `/memories/${enc(id)}`);
  updateMemory = (id: string, body: { description: string }) => this.call<Memory>("PATCH", `/memories/${enc(id)}`, { body });
  deleteMemory = (id: string) => this.call<{ ok: true }>("DELETE", `/memories/${enc(id)}`);
  listMemoryNodes = (id: string, query: PageQuery = {}) => this.call<Page<MemoryNode>>("GET", `/memories/${enc(id)}/nodes`, { query });
  createMemoryNode = (id: string, body: { content: string }) => this.call<MemoryNode>("POST", `/memories/${enc(id)}/nodes`, { body });
  getMemoryNode = (id: string, nodeId: string) => this.call<MemoryNode>("GET", `/memories/${enc(id)}/nodes/${enc(nodeId)}`);
  updateMemoryNode = (id: string, nodeId: string, body: { content: string }) =>
    this.call<MemoryNode>("PATCH", `/memories/${enc(id)}/nodes/${enc(nodeId)}`, { body });
  deleteMemoryNode = (id: string, nodeId: string) => this.call<{ ok: true }>("DELETE", `/memories/${enc(id)}/nodes/${enc(nodeId)}`);
}

const enc = encodeURIComponent;

function toQueryString(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}
