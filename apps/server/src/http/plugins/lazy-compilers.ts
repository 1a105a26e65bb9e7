import SerializerSelector from "@fastify/fast-json-stringify-compiler";
import type { FastifyServerOptions } from "fastify";

/**
 * Fastify compiles every route's validators and response serialisers when it starts: with
 * ~150 routes that was ~0.5 s of a cold start, for routes most processes never serve. These
 * compile each one on its first use instead (about a millisecond, once per route and process).
 */
// biome-ignore lint/suspicious/noExplicitAny: wraps compiled functions of any signature
function compileOnFirstUse<F extends (...args: any[]) => any>(compile: () => F): F {
  let compiled: F | undefined;
  return ((...args: Parameters<F>) => {
    compiled ??= compile();
    return compiled(...args);
  }) as F;
}

/** Fastify's own serialiser compiler (fast-json-stringify), compiled on each route's first reply. */
export function lazySerializers(): NonNullable<NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]> {
  const selector = SerializerSelector();
  return {
    buildSerializer(externalSchemas, options) {
      const compile = selector(externalSchemas as Parameters<typeof selector>[0], options as Parameters<typeof selector>[1]);
      return (route) => compileOnFirstUse(() => compile(route));
    },
  };
}
