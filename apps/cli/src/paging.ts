import { Option } from "@commander-js/extra-typings";
import { integer } from "./help.js";
import type { Output } from "./output.js";

/** The page size the API allows at most; --all-pages fetches with it. */
const MAX_LIMIT = 200;

export const pageOption = () =>
  new Option("--page <n>", "show page n (pages of --limit items; instead of --offset)").argParser(integer("--page", 1, 1_000_000));
export const allPagesOption = () => new Option("--all-pages", "fetch every page instead of one");

export interface PagingOptions {
  limit: number;
  offset: number;
  page?: number;
  allPages?: true;
}

/** What a list command shows: some items of `total`, starting at `offset`. */
export interface ListResult<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

/** One page (--limit with --offset or --page), or with --all-pages every page, fetched in order. */
export async function fetchList<T>(
  opts: PagingOptions,
  fetchPage: (paging: { limit: number; offset: number }) => Promise<{ items: T[]; total: number }>,
): Promise<ListResult<T>> {
  if (!opts.allPages) {
    const offset = opts.page ? (opts.page - 1) * opts.limit : opts.offset;
    const page = await fetchPage({ limit: opts.limit, offset });
    return { items: page.items, total: page.total, offset, limit: opts.limit };
  }
  const items: T[] = [];
  for (;;) {
    const page = await fetchPage({ limit: MAX_LIMIT, offset: items.length });
    items.push(...page.items);
    // An empty page ends it too: rows deleted meanwhile must not make this loop forever.
    if (page.items.length === 0 || items.length >= page.total) return { items, total: Math.max(page.total, items.length), offset: 0, limit: MAX_LIMIT };
  }
}

/**
 * Says on stderr which part of the list was shown when it was not all of it, so neither a table
 * nor piped JSON silently stops at one page: "Showing 51-100 of 120 (page 2 of 3). ...".
 */
export function pageFooter(output: Output, list: ListResult<unknown>): void {
  const end = list.offset + list.items.length;
  if (list.offset === 0 && end >= list.total) return;
  const pages = Math.max(1, Math.ceil(list.total / list.limit));
  const page = Math.floor(list.offset / list.limit) + 1;
  const range = list.items.length === 0 ? `Nothing at offset ${list.offset}` : `Showing ${list.offset + 1}-${end}`;
  const next = end < list.total ? ` Next page: --page ${page + 1}.` : "";
  output.info(output.err.dim(`${range} of ${list.total} (page ${page} of ${pages}).${next} Everything: --all-pages.`));
}

/** `--json` for a list: the items as a JSON array on stdout, and the footer on stderr. */
export function jsonList(output: Output, list: ListResult<unknown>): void {
  output.json(list.items);
  pageFooter(output, list);
}
