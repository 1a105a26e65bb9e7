import { randomBytes } from "node:crypto";
import { throwIfProblems } from "../apps/validate-agent-config.js";
import { recordAudit } from "../audit/record-audit.js";
import { authorize } from "../auth/authorize.js";
import { canManageAllWorkspaces, type Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { AppError, type FieldProblem, messageWithDiagnostic, notFound } from "../errors.js";
import { isoNow } from "../ports/clock.js";
import {
  CONFIG_PROVIDER_PREFIX,
  type ConfiguredModelProvider,
  type ModelProviderHost,
  type ModelProviderRecord,
  type ModelProviderTestResult,
  type ModelProviderView,
} from "./model-provider-types.js";

export interface CreateModelProviderInput {
  name: string;
  baseUrl: string;
  apiKey?: string;
  models: string[];
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const newModelProviderId = () => `mp-${randomBytes(8).toString("hex")}`;

const configView = (host: ModelProviderHost, p: ConfiguredModelProvider): ModelProviderView => ({
  id: `${CONFIG_PROVIDER_PREFIX}${p.name}`,
  name: p.name,
  baseUrl: p.baseUrl,
  models: [...p.models],
  hasApiKey: Boolean(p.apiKey),
  source: "config",
  createdAt: host.configuredAt,
});

const storedView = (r: ModelProviderRecord): ModelProviderView => ({
  id: r.id,
  name: r.name,
  baseUrl: r.baseUrl,
  models: r.models,
  hasApiKey: r.apiKeySealed !== null,
  source: "api",
  createdAt: r.createdAt,
});

/**
 * Lists configured providers (routing order: configuration first, then stored, oldest first).
 * Workspace members may read it too: they pick models for their apps and need to know which
 * exist. Providers serve every workspace, so `workspaceId` only names the membership that
 * grants the read; without it any membership will do. Keys are never part of the answer.
 */
export async function listModelProviders(
  deps: CoreDeps,
  host: ModelProviderHost,
  principal: Principal,
  query: { workspaceId?: string } = {},
): Promise<ModelProviderView[]> {
  authorizeRead(principal, query.workspaceId);
  const stored = await deps.repos.modelProviders.list();
  return [...host.configured.map((p) => configView(host, p)), ...stored.map(storedView)];
}

/**
 * Whether any provider exists, and if not what to configure. Open to every signed-in user:
 * the console shows it on every page, and it reveals nothing but a count.
 */
export async function modelProviderStatus(deps: CoreDeps, host: ModelProviderHost): Promise<{ configured: boolean; message: string }> {
  const stored = await deps.repos.modelProviders.list();
  const names = [...host.configured.map((p) => p.name), ...stored.map((r) => r.name)];
  if (names.length === 0) {
    return {
      configured: false,
      message:
        "No model provider is configured, so app calls fail. Set DASHSCOPE_API_KEY (DashScope/Qwen models) or " +
        "OPENAI_API_KEY (OpenAI models) and restart, run Ollama on localhost:11434 and restart, " +
        "or let a super administrator add a provider under Model providers (POST /manage/v1/providers).",
    };
  }
  const count = names.length === 1 ? "One model provider is" : `${names.length} model providers are`;
  return { configured: true, message: `${count} configured: ${names.join(", ")}.` };
}

/** Adds an OpenAI-compatible provider. Super administrators only; the key is sealed before storage. */
export async function createModelProvider(
  deps: CoreDeps,
  host: ModelProviderHost,
  principal: Principal,
  input: CreateModelProviderInput,
): Promise<ModelProviderView> {
  authorize(principal, "provider.manage");
  const clean = validateProviderInput(input);
  if (host.configured.some((p) => p.name === clean.name)) {
    throw new AppError("Conflict", `A model provider named '${clean.name}' is declared in the configuration.`);
  }
  const at = isoNow(deps.clock);
  const record: ModelProviderRecord = {
    id: newModelProviderId(),
    name: clean.name,
    baseUrl: clean.baseUrl,
    apiKeySealed: clean.apiKey ? host.sealer.seal(clean.apiKey) : null,
    models: clean.models,
    createdAt: at,
    updatedAt: at,
    createdBy: principal.userId,
  };
  await deps.repos.modelProviders.create(record);
  host.invalidate();
  await recordAudit(deps, principal, {
    action: "provider.create",
    resourceType: "model-provider",
    resourceId: record.id,
    details: { name: record.name, baseUrl: record.baseUrl, models: record.models, hasApiKey: record.apiKeySealed !== null },
  });
  return storedView(record);
}

export async function deleteModelProvider(deps: CoreDeps, host: ModelProviderHost, principal: Principal, id: string): Promise<void> {
  authorize(principal, "provider.manage");
  if (findConfigured(host, id)) {
    throw new AppError("Conflict", "This provider is declared in the configuration; remove it there (config file or APPSTUDIO_PROVIDERS).", { id });
  }
  const record = await deps.repos.modelProviders.findById(id);
  if (!record || !(await deps.repos.modelProviders.delete(id))) throw notFound("Model provider", id);
  host.invalidate();
  await recordAudit(deps, principal, { action: "provider.delete", resourceType: "model-provider", resourceId: id, details: { name: record.name } });
}

/**
 * Calls the upstream's `GET /models` with the provider's key. Super administrators only, because
 * it makes the server send a stored credential somewhere. Never throws for upstream failures.
 */
export async function testModelProvider(deps: CoreDeps, host: ModelProviderHost, principal: Principal, id: string): Promise<ModelProviderTestResult> {
  authorize(principal, "provider.manage");
  const settings = await resolveSettings(deps, host, id);
  if ("error" in settings) return { ok: false, latencyMs: 0, error: settings.error };
  const provider = host.connect(settings);
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  try {
    // The host builds test clients with a short timeout of their own, reported as RequestTimeOut.
    const models = await provider.listModels();
    return { ok: true, latencyMs: latencyMs(), models: models.map((m) => m.id) };
  } catch (e) {
    // Super administrators only: they get what the upstream said, not just the documented message.
    const message = messageWithDiagnostic(e);
    // Upstream messages sometimes quote the credential they refused.
    const error = settings.apiKey ? message.replaceAll(settings.apiKey, "[redacted]") : message;
    return { ok: false, latencyMs: latencyMs(), error };
  }
}

/** The connection settings of a provider, with its key opened; `error` when the key cannot be opened. */
export async function resolveSettings(deps: CoreDeps, host: ModelProviderHost, id: string) {
  const configured = findConfigured(host, id);
  if (configured) return { name: configured.name, baseUrl: configured.baseUrl, ...(configured.apiKey ? { apiKey: configured.apiKey } : {}) };
  const record = await deps.repos.modelProviders.findById(id);
  if (!record) throw notFound("Model provider", id);
  if (record.apiKeySealed === null) return { name: record.name, baseUrl: record.baseUrl };
  try {
    return { name: record.name, baseUrl: record.baseUrl, apiKey: host.sealer.open(record.apiKeySealed) };
  } catch {
    return { error: "The stored API key cannot be decrypted; was the master key (APPSTUDIO_MASTER_KEY) changed? Delete and re-add the provider." };
  }
}

function findConfigured(host: ModelProviderHost, id: string): ConfiguredModelProvider | undefined {
  if (!id.startsWith(CONFIG_PROVIDER_PREFIX)) return undefined;
  const name = id.slice(CONFIG_PROVIDER_PREFIX.length);
  return host.configured.find((p) => p.name === name);
}

/** Global grants read everything; otherwise a role in the named workspace, or in any workspace. */
function authorizeRead(principal: Principal, workspaceId: string | undefined): void {
  const [anyWorkspace] = principal.memberships.keys();
  const scope = workspaceId ?? (canManageAllWorkspaces(principal) ? undefined : anyWorkspace);
  authorize(principal, "provider.read", scope ? { workspaceId: scope } : {});
}

/** Checks and normalises the input; all problems are reported at once. */
export function validateProviderInput(input: CreateModelProviderInput): Required<Omit<CreateModelProviderInput, "apiKey">> & { apiKey?: string } {
  const problems: FieldProblem[] = [];
  const name = String(input.name ?? "").trim();
  if (!NAME_PATTERN.test(name)) problems.push({ field: "name", message: "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit" });

  let baseUrl = String(input.baseUrl ?? "").trim();
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") problems.push({ field: "baseUrl", message: "must be an http or https URL" });
    else if (url.username || url.password) problems.push({ field: "baseUrl", message: "must not contain credentials; put the key in apiKey" });
    baseUrl = baseUrl.replace(/\/+$/, "");
  } catch {
    problems.push({ field: "baseUrl", message: "must be a URL such as https://dashscope.aliyuncs.com/compatible-mode/v1" });
  }

  const models = Array.isArray(input.models) ? input.models.map((m) => String(m).trim()) : [];
  if (models.length === 0) problems.push({ field: "models", message: "list at least one model ID (or a pattern such as 'qwen*' or '*')" });
  const seen = new Set<string>();
  models.forEach((m, i) => {
    if (m === "" || m.length > 200 || /\s/.test(m)) problems.push({ field: `models[${i}]`, message: "must be 1-200 characters without spaces" });
    else if (m.slice(0, -1).includes("*")) problems.push({ field: `models[${i}]`, message: "'*' is only allowed at the end" });
    if (seen.has(m)) problems.push({ field: `models[${i}]`, message: `duplicate model '${m}'` });
    seen.add(m);
  });

  const apiKey = input.apiKey === undefined ? undefined : String(input.apiKey).trim();
  if (apiKey !== undefined && (apiKey.length > 4096 || /\s/.test(apiKey)))
    problems.push({ field: "apiKey", message: "must be at most 4096 characters without spaces" });
  throwIfProblems(problems);
  return { name, baseUrl, models, ...(apiKey ? { apiKey } : {}) };
}
