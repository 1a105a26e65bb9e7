/**
 * Only identifier-shaped names count as variables, so instructions that quote code such as
 * `${a + b}` or `${obj.x}` pass through untouched.
 */
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Fills `${name}` in agent instructions from `biz_params.user_prompt_params`.
 *
 * A variable the caller did not send becomes the empty string, not a kept literal: a literal
 * `${user_name}` reaches the model as if it were content and models then repeat it to the end
 * user ("Hello ${user_name}!"), while an empty value degrades gracefully. Authors who need a
 * fallback write it into the sentence itself.
 */
export function renderInstructions(template: string, params: Record<string, unknown> | undefined): string {
  return template.replace(VARIABLE, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) return "";
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
    return JSON.stringify(value);
  });
}

/** The distinct variable names used in instructions, in order of first use (for the console). */
export function instructionVariables(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(VARIABLE)) names.add(match[1] as string);
  return [...names];
}
