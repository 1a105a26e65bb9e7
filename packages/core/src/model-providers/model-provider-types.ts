import type { ModelProvider } from "../ports/model-provider.js";

/**
 * A model provider added through the management API (or created from the environment on first
 * start), as stored. The API key is kept only in sealed form; see {@link SecretSealer}.
 */
export interface ModelProviderRecord {
  id: string;
  /** Unique across stored and configured providers; used in logs and errors. */
  name: string;
  /** OpenAI-compatible base URL including the version path, e.g. `https://host/v1`. */
  baseUrl: string;
  /** {@link SecretSealer.seal} output; null for upstreams without auth (Ollama, local vLLM). */
  apiKeySealed: string | null;
  /** Model IDs served: exact IDs, `prefix*` patterns or `*` (see `createStaticModelRouter`). */
  models: string[];
  createdAt: string;
  updatedAt: string;
  /** User who added it; null when created from the environment on first start. */
  createdBy: string | null;
}

/** Encrypts secrets at rest (AES-256-GCM in production). `open` throws when the master key differs. */
export interface SecretSealer {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

/** A provider declared in the server configuration: read-only, its key never stored. */
export interface ConfiguredModelProvider {
  name: string;
  baseUrl: string;
  apiKey?: string;
  models: string[];
}

/** What the management API shows of a provider. Never the key, only whether there is one. */
export interface ModelProviderView {
  id: string;
  name: string;
  baseUrl: string;
  models: string[];
  hasApiKey: boolean;
  source: "config" | "api";
  createdAt: string;
}

export interface ModelProviderTestResult {
  ok: boolean;
  latencyMs: number;
  /** Models the upstream lists (`GET /models`), when it answered. */
  models?: string[];
  error?: string;
}

/**
 * What the provider use cases need from the server beyond repositories: the providers declared
 * in configuration, the sealer for keys at rest, a way to reach an upstream, and a way to make
 * the model router see a change now rather than at its next periodic reload.
 */
export interface ModelProviderHost {
  readonly configured: readonly ConfiguredModelProvider[];
  /** When the configuration was loaded; shown as the `createdAt` of configured providers. */
  readonly configuredAt: string;
  readonly sealer: SecretSealer;
  /** A client for the connection test; never used for app calls. */
  connect(settings: { name: string; baseUrl: string; apiKey?: string }): ModelProvider;
  /** This process changed the stored providers: reload the routing table. */
  invalidate(): void;
}

/** IDs of configured providers; they have no row, so their ID is derived from the name. */
export const CONFIG_PROVIDER_PREFIX = "config:";
