/**
 * Nesting depth of JSON values. Recursive code over a value nested thousands of levels deep
 * (JSON.stringify, template rendering, validators) overflows the stack, so every value from
 * outside (request bodies, node outputs, tool arguments) is measured here first, without
 * recursion, and refused past a limit.
 */

/** The deepest nesting accepted by default: `{}` and `[]` are one level, `{"a":[1]}` two. */
export const DEFAULT_MAX_JSON_DEPTH = 64;

export type JsonPath = (string | number)[];

interface Frame {
  value: object;
  depth: number;
  key: string | number;
  parent: Frame | undefined;
}

const isContainer = (value: unknown): value is object => value !== null && typeof value === "object";

/**
 * The path to the first object or array (in document order) nested more than `limit` levels
 * deep, or undefined when `value` is within the limit. Iterative, so any depth is safe, and a
 * cyclic value is reported as too deep rather than walked forever. `at` is the level of
 * `value` itself when it sits inside a larger document (`biz_params` is level 3 of a body).
 */
export function pathBeyondDepth(value: unknown, limit: number, at = 1): JsonPath | undefined {
  if (!isContainer(value)) return undefined;
  const stack: Frame[] = [{ value, depth: at, key: "", parent: undefined }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if (frame.depth > limit) return pathOf(frame);
    const children: Frame[] = [];
    const visit = (key: string | number, child: unknown) => {
      if (isContainer(child)) children.push({ value: child, depth: frame.depth + 1, key, parent: frame });
    };
    if (Array.isArray(frame.value)) for (let i = 0; i < frame.value.length; i++) visit(i, frame.value[i]);
    else for (const key of Object.keys(frame.value)) visit(key, (frame.value as Record<string, unknown>)[key]);
    // Reversed, so the first child is walked first and the reported path is the first in the text.
    // (A loop, not push(...children): spreading a million keys would overflow the stack itself.)
    for (const child of children.reverse()) stack.push(child);
  }
  return undefined;
}

function pathOf(frame: Frame): JsonPath {
  const path: JsonPath = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) path.push(f.key);
  return path.reverse();
}

const MAX_SHOWN_SEGMENTS = 12;
const MAX_SHOWN_KEY = 40;

/**
 * A path as people read it in error messages (`body.input.biz_params.o.a`), with `prefix`
 * first. Long paths and keys are cut with "…": the start says which field is at fault.
 */
export function formatJsonPath(prefix: string, path: JsonPath): string {
  const shown = path.slice(0, MAX_SHOWN_SEGMENTS).map((k) => {
    const text = String(k);
    return text.length > MAX_SHOWN_KEY ? `${text.slice(0, MAX_SHOWN_KEY)}…` : text;
  });
  const joined = [prefix, ...shown].filter((s) => s !== "").join(".");
  return path.length > MAX_SHOWN_SEGMENTS ? `${joined}…` : joined;
}

/** A field problem naming where `value` nests too deep, or undefined when it does not. */
export function jsonDepthProblem(value: unknown, limit: number, prefix: string, at = 1): { field: string; message: string } | undefined {
  const path = pathBeyondDepth(value, limit, at);
  if (!path) return undefined;
  return { field: formatJsonPath(prefix, path), message: `is past the nesting limit: JSON may nest objects and arrays at most ${limit} levels deep` };
}
