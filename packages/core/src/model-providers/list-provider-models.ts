import type { Principal } from "../auth/principal.js";
import type { CoreDeps } from "../context.js";
import { listModelProviders, resolveSettings } from "./manage-model-providers.js";
import type { ModelProviderHost, ModelProviderView } from "./model-provider-types.js";

/** The model IDs one provider serves, for choosing a model in the console. */
export interface ProviderModels {
  providerId: string;
  provider: string;
  models: string[];
  /** False when the provider serves patterns (`qwen*`, `*`) and its upstream could not be asked. */
  complete: boolean;
}

const matches = (pattern: string, id: string) => (pattern.endsWith("*") ? id.startsWith(pattern.slice(0, -1)) : id === pattern);

/**
 * The models each provider serves: its exact IDs, plus what its upstream lists at `GET /models`
 * and its patterns (`qwen*`, `*`) let through. Readable by whoever may list providers; the
 * upstream is asked with the provider's own key, as an app call would, and never sees the caller.
 */
export async function listProviderModels(
  deps: CoreDeps,
  host: ModelProviderHost,
  principal: Principal,
  query: { workspaceId?: string } = {},
): Promise<ProviderModels[]> {
  const providers = await listModelProviders(deps, host, principal, query);
  return Promise.all(providers.map((provider) => modelsOf(deps, host, provider)));
}

async function modelsOf(deps: CoreDeps, host: ModelProviderHost, provider: ModelProviderView): Promise<ProviderModels> {
  const exact = provider.models.filter((m) => !m.includes("*"));
  const patterns = provider.models.filter((m) => m.includes("*"));
  const answer = (models: string[], complete: boolean) => ({ providerId: provider.id, provider: provider.name, models: [...new Set(models)].sort(), complete });
  if (patterns.length === 0) return answer(exact, true);
  const settings = await resolveSettings(deps, host, provider.id);
  if ("error" in settings) return answer(exact, false);
  try {
    // The host builds these clients with a short timeout of their own.
    const listed = await host.connect(settings).listModels();
    return answer([...exact, ...listed.map((m) => m.id).filter((id) => patterns.some((p) => matches(p, id)))], true);
  } catch {
    return answer(exact, false);
  }
}
