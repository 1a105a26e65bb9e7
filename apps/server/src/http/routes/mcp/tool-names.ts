/** Longest slug taken from an app name; with a suffix the name stays far below MCP's 128 characters. */
const MAX_SLUG = 64;

/**
 * MCP tool names for apps. MCP clients accept `[A-Za-z0-9_.-]` (1-128 characters), so:
 *
 * 1. the app name is folded to ASCII (accents dropped), every run of other characters becomes
 *    `_`, underscores at either end are trimmed, and the result is cut to 64 characters;
 * 2. a name left empty (a name in Chinese, say) becomes `app`;
 * 3. when two or more apps get the same name, or the name was empty, each of them gets `_` and
 *    the first 8 characters of its App ID appended (the whole App ID if that still collides).
 *
 * Names depend only on the apps listed, never on their order, so a client sees the same name
 * for an app as long as its name and the set of apps it may call stay the same.
 */
export function toolNamesFor(apps: readonly { id: string; name: string }[]): Map<string, string> {
  const slugs = new Map(apps.map((a) => [a.id, slugOf(a.name)]));
  const counts = countOf([...slugs.values()]);
  const withShortId = new Map(
    apps.map((a) => {
      const slug = slugs.get(a.id) ?? "";
      return [a.id, slug !== "" && counts.get(slug) === 1 ? slug : `${slug || "app"}_${a.id.slice(0, 8)}`];
    }),
  );
  const shortCounts = countOf([...withShortId.values()]);
  return new Map(
    apps.map((a) => {
      const name = withShortId.get(a.id) ?? "";
      return [a.id, shortCounts.get(name) === 1 ? name : `${slugs.get(a.id) || "app"}_${a.id}`];
    }),
  );
}

function slugOf(name: string): string {
  const ascii = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  return ascii
    .replace(/[^A-Za-z0-9_-]+/g, "_")
    .replace(/^[_-]+|[_-]+$/g, "")
    .slice(0, MAX_SLUG)
    .replace(/[_-]+$/, "");
}

function countOf(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}
