/** `${name}` placeholders in agent instructions, filled from biz_params.user_prompt_params. */
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function extractVariables(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(VARIABLE)) seen.add(match[1] as string);
  return [...seen];
}

export type Segment = { text: string; variable?: string };

/** Splits text into plain runs and variable runs, for highlighting. */
export function segmentVariables(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(VARIABLE)) {
    const at = match.index ?? 0;
    if (at > last) out.push({ text: text.slice(last, at) });
    out.push({ text: match[0], variable: match[1] as string });
    last = at + match[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}
