import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { accessKeyDeps } from "../../../access-keys/access-key-deps.js";
import type { Container } from "../../../container.js";
import { parseAcsBody } from "./acs-body.js";
import { sendAcsError, toAcsError } from "./acs-errors.js";
import { AcsError, type AcsOperation } from "./acs-operation.js";
import { acsOperations } from "./acs-operations.js";
import { rawQueryParameters } from "./acs-signature.js";
import { createNonceStore } from "./nonce-store.js";
import { verifyAcsRequest } from "./verify-acs-request.js";

/** Requests meant for the signed OpenAPI: Alibaba Cloud's clients always send `x-acs-action`. */
export const isAcsRequest = (request: FastifyRequest) => typeof request.headers["x-acs-action"] === "string";

/** The answer to a signed request no operation matches (wrong action, version, method or path). */
export function acsNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const action = request.headers["x-acs-action"];
  return sendAcsError(
    request,
    reply,
    new AcsError(
      404,
      "InvalidApi.NotFound",
      `Specified api is not found, please check your url and method: ${String(action)} ${request.method} ${request.url.split("?")[0]}.`,
    ),
  );
}

/**
 * Alibaba Cloud's signed OpenAPI (ROA style) at the root: Bailian 2023-12-29 and ModelStudio
 * 2026-02-10 operations. Every route is constrained on the `x-acs-action` header, so a request
 * without it (a browser loading a console page) never reaches these routes and paths such as
 * `/{workspaceId}/...` do not shadow the console. Each request is verified (ACS3-HMAC-SHA256,
 * clock skew, nonce replay, AccessKey state) and then runs as the AccessKey's user.
 */
export async function acsApi(app: FastifyInstance, container: Container, operations: readonly AcsOperation[] = acsOperations): Promise<void> {
  app.addConstraintStrategy({
    name: "acsAction",
    storage() {
      const handlers = new Map<string, unknown>();
      return { get: (action: string) => (handlers.get(action) ?? null) as never, set: (action: string, store: unknown) => void handlers.set(action, store) };
    },
    deriveConstraint: (req) => {
      const action = req.headers["x-acs-action"];
      return typeof action === "string" ? action : undefined;
    },
    mustMatchWhenDerived: false,
  });
  // The body is kept raw: its SHA-256 is part of the signature. It is parsed after verification.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error, request, reply) => sendAcsError(request, reply, toAcsError(error, request)));

  const deps = accessKeyDeps(container);
  const nonces = createNonceStore(container);
  for (const operation of operations) {
    app.route({
      method: operation.method,
      url: operation.path,
      constraints: { acsAction: operation.action },
      // Documented in docs/openapi-signed.md; the OpenAPI document describes our own APIs.
      schema: { hide: true },
      handler: async (request, reply) => {
        if (request.headers["x-acs-version"] !== operation.version) return acsNotFound(request, reply);
        const raw = Buffer.isBuffer(request.body) ? request.body : undefined;
        const principal = await verifyAcsRequest(request, raw, { deps, nonces });
        const result = await operation.handle({
          principal,
          container,
          params: (request.params ?? {}) as Record<string, string>,
          query: Object.fromEntries(rawQueryParameters(request.raw.url ?? request.url)),
          body: parseAcsBody(raw, request.headers["content-type"], container.config.maxJsonDepth),
          requestId: request.id,
        });
        return reply.status(200).type("application/json").send(result);
      },
    });
  }
}
