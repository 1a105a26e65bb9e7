/** The label value that stands for every value past a guard's cap. */
export const OVERFLOW_LABEL = "other";

/**
 * Bounds the distinct values one label may take. App IDs, workspace IDs and model names are
 * bounded by what exists, but some arrive from callers (a `model_id` a wildcard provider
 * accepts, the App ID of a refused call): past `cap` distinct values, new ones are counted
 * under "other" so a flood of made-up values cannot grow the registry without limit.
 */
export class LabelGuard {
  private readonly seen = new Set<string>();

  constructor(private readonly cap: number) {}

  value(candidate: string): string {
    if (this.seen.has(candidate)) return candidate;
    if (this.seen.size >= this.cap) return OVERFLOW_LABEL;
    this.seen.add(candidate);
    return candidate;
  }
}
