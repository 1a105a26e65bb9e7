import { storableText } from "@appstudio/core";
import {
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from "kysely";

const storable = (value: unknown) => (typeof value === "string" ? storableText(value) : value);

class StorableTextTransformer extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const value = storable(node.value);
    return value === node.value ? node : { ...node, value };
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return node.values.some((v) => typeof v === "string") ? { ...node, values: node.values.map(storable) } : node;
  }
}

/**
 * Applies core's `storableText` to every string a query binds, on both dialects. PostgreSQL
 * refuses U+0000 in text (and with it a whole batched insert), and the dialects store an
 * unpaired surrogate differently; both become U+FFFD. So free text (prompts, answers, run
 * records) is stored the same everywhere, a lookup by an ID holding a NUL finds nothing on
 * either dialect instead of failing on one, and one odd value cannot fail a batched insert.
 * User-chosen names never get here with a NUL: the management API refuses them first.
 */
export class StorableTextPlugin implements KyselyPlugin {
  private readonly transformer = new StorableTextTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.transformer.transformNode(args.node, args.queryId);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/**
 * A row with its strings made storable, for a batched insert that runs on `db.withoutPlugins()`:
 * the plugin copies the whole query tree (every value node of every row) to do the same, which
 * showed in profiles of the app API's call-log and conversation batches.
 */
export function storableRow<T extends object>(row: T): T {
  const copy = { ...row } as Record<string, unknown>;
  for (const key in copy) copy[key] = storable(copy[key]);
  return copy as T;
}
