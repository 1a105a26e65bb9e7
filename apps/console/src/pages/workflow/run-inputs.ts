/** A Start variable as the test-run form needs it. */
export interface StartVariable {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

export function startVariables(config: Record<string, unknown> | undefined): StartVariable[] {
  const list = Array.isArray(config?.variables) ? (config.variables as Record<string, unknown>[]) : [];
  return list
    .filter((v) => v && typeof v.name === "string" && v.name !== "")
    .map((v) => ({
      name: v.name as string,
      type: typeof v.type === "string" ? v.type : "String",
      required: v.required !== false,
      description: typeof v.description === "string" ? v.description : "",
    }));
}

/**
 * Turns the form's text values into `biz_params`: numbers and booleans parsed, objects and
 * arrays read as JSON; empty fields left out (the server reports missing required ones).
 */
export function toBizParams(variables: StartVariable[], values: Record<string, string>): { params: Record<string, unknown>; errors: Record<string, string> } {
  const params: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const v of variables) {
    const raw = (values[v.name] ?? "").trim();
    if (raw === "") continue;
    if (v.type === "String" || v.type === "File") params[v.name] = values[v.name];
    else if (v.type === "Number") {
      const n = Number(raw);
      if (Number.isFinite(n)) params[v.name] = n;
      else errors[v.name] = "must be a number";
    } else if (v.type === "Boolean") {
      if (raw === "true" || raw === "false") params[v.name] = raw === "true";
      else errors[v.name] = "must be true or false";
    } else {
      try {
        params[v.name] = JSON.parse(raw);
      } catch {
        errors[v.name] = `must be JSON (${v.type})`;
      }
    }
  }
  return { params, errors };
}
