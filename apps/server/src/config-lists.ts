import { hostnameOf, type Region } from "@appstudio/core";

// The list-valued settings (regions, providers) that `loadConfig` reads from JSON, each problem
// pushed onto `problems` so every mistake is reported at once.

export interface ProviderSetting {
  name: string;
  baseUrl: string;
  apiKey?: string;
  models: string[];
  /** Chat calls open at once to this provider (default: `upstreamMaxConcurrent`). */
  maxConcurrent?: number;
  /** Chat calls over HTTP/2, many sharing one connection (the provider must speak h2; `http:` URLs use h2c). */
  http2?: boolean;
}

/** Regions default to one, `local`, reachable on localhost with `*.local.localhost` dedicated hosts. */
export function parseRegions(value: unknown, port: number, problems: string[]): Region[] {
  // With port 0 the real port is known only once listening; start-server.ts fills it in then.
  const fallback: Region[] = [{ id: "local", name: "Local", sharedOrigin: `http://localhost:${port}`, apiDomain: "localhost" }];
  if (value === undefined) return fallback;
  let list: unknown = value;
  if (typeof value === "string") {
    try {
      list = JSON.parse(value);
    } catch {
      problems.push("regions (APPSTUDIO_REGIONS): not valid JSON");
      return fallback;
    }
  }
  if (!Array.isArray(list) || list.length === 0) {
    problems.push("regions: expected a non-empty array of {id, name, sharedOrigin, apiDomain}");
    return fallback;
  }
  const ids = new Set<string>();
  const sharedHosts = new Set<string>();
  return list.map((r: Partial<Region>, i) => {
    const where = `regions[${i}]`;
    if (typeof r?.id !== "string" || !/^[a-z0-9-]{1,32}$/.test(r.id)) problems.push(`${where}.id: use 1-32 lowercase letters, digits or '-'`);
    else if (ids.has(r.id)) problems.push(`${where}.id: duplicate region '${r.id}'`);
    ids.add(String(r?.id));
    try {
      // The hostname alone picks the region (the port does not), so two regions may not share one.
      const hostname = hostnameOf(new URL(String(r?.sharedOrigin)).hostname);
      if (hostname === null) throw new Error("no hostname");
      if (sharedHosts.has(hostname)) problems.push(`${where}.sharedOrigin: another region already uses the host '${hostname}'`);
      sharedHosts.add(hostname);
    } catch {
      problems.push(`${where}.sharedOrigin: expected an origin such as https://api.example.com`);
    }
    if (typeof r?.apiDomain !== "string" || r.apiDomain.length === 0) problems.push(`${where}.apiDomain: expected a domain such as maas.example.com`);
    return { id: String(r?.id), name: String(r?.name ?? r?.id), sharedOrigin: String(r?.sharedOrigin), apiDomain: String(r?.apiDomain) };
  });
}

export function normaliseOllama(host: string): string {
  return /^https?:\/\//.test(host) ? host.replace(/\/$/, "") : `http://${host}`;
}

export function parseProviders(value: unknown, problems: string[]): ProviderSetting[] {
  if (value === undefined) return [];
  let list: unknown = value;
  if (typeof value === "string") {
    try {
      list = JSON.parse(value);
    } catch {
      problems.push("providers (APPSTUDIO_PROVIDERS): not valid JSON");
      return [];
    }
  }
  if (!Array.isArray(list)) {
    problems.push("providers: expected an array of {name, baseUrl, apiKey?, models[]}");
    return [];
  }
  return list.flatMap((p: Partial<ProviderSetting>, i) => {
    const where = `providers[${i}]`;
    const before = problems.length;
    if (typeof p?.name !== "string" || p.name.trim() === "") problems.push(`${where}.name: required`);
    try {
      new URL(String(p?.baseUrl));
    } catch {
      problems.push(`${where}.baseUrl: expected a URL such as https://dashscope.aliyuncs.com/compatible-mode/v1`);
    }
    if (!Array.isArray(p?.models) || p.models.some((m) => typeof m !== "string")) problems.push(`${where}.models: expected an array of model IDs`);
    const max = p?.maxConcurrent;
    if (max !== undefined && !(Number.isInteger(max) && max >= 1)) problems.push(`${where}.maxConcurrent: expected a whole number of at least 1`);
    if (p?.http2 !== undefined && typeof p.http2 !== "boolean") problems.push(`${where}.http2: expected true or false`);
    if (problems.length > before) return [];
    return [
      {
        name: String(p.name),
        baseUrl: String(p.baseUrl),
        models: p.models as string[],
        ...(p.apiKey ? { apiKey: String(p.apiKey) } : {}),
        ...(max !== undefined ? { maxConcurrent: max } : {}),
        ...(p.http2 ? { http2: true } : {}),
      },
    ];
  });
}
