import { ErrorBody } from "@appstudio/contracts";
import { newRequestId } from "@appstudio/core";
import fastifySwagger from "@fastify/swagger";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance } from "fastify";
import type { Container } from "./container.js";
import { isApiPath, serveConsole } from "./http/plugins/console-static.js";
import { frameworkErrors, installErrorHandler } from "./http/plugins/error-handler.js";
import { installJsonBodyParser } from "./http/plugins/json-body.js";
import { lazySerializers } from "./http/plugins/lazy-compilers.js";
import { RequestLog } from "./http/plugins/request-log.js";
import { installSecurityHeaders } from "./http/plugins/security-headers.js";
import { refuseDuplicateHostHeaders } from "./http/plugins/single-host-header.js";
import { installValidators } from "./http/plugins/validators.js";
import { requestTimeouts, watchBodyProgress } from "./http/request-timeouts.js";
import { acsApi, acsNotFound, isAcsRequest } from "./http/routes/acs/index.js";
import { APP_RESPONSES_PREFIX, appResponsesApi, COMPATIBLE_PREFIX, compatibleModeApi } from "./http/routes/compatible/index.js";
import { DASHSCOPE_PREFIX, dashScopeApi } from "./http/routes/dashscope/index.js";
import { MANAGE_PREFIX, manageApi } from "./http/routes/manage/index.js";
import { mcpApi } from "./http/routes/mcp/index.js";
import { opsRoutes } from "./http/routes/ops-routes.js";
import { observeHttp } from "./observability/observe-http.js";
import { markOptionalBodies, openApiInfo } from "./openapi-info.js";
import { trustProxyFunction } from "./trust-proxy.js";

export interface BuildAppOptions {
  /** pino options, or false for silence (tests). */
  logger?: boolean | Record<string, unknown>;
}

/** Builds the HTTP application. Never listens: main.ts and tests decide where it runs. */
export async function buildApp(container: Container, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: container.config.logLevel,
            // Credentials must never reach a log line.
            redact: { paths: ["req.headers.authorization", "req.headers.cookie", 'res.headers["set-cookie"]'], censor: "[redacted]" },
            ...(typeof options.logger === "object" ? options.logger : {}),
          },
    bodyLimit: container.config.bodyLimit,
    // Fastify sets requestTimeout on the server itself (0, no limit, unless given), so both places.
    requestTimeout: container.config.requestBodyMaxMs,
    keepAliveTimeout: container.config.keepAliveTimeoutMs,
    http: requestTimeouts(container.config.requestTimeoutMs, container.config.requestBodyMaxMs),
    trustProxy: trustProxyFunction(container.config.trustProxy),
    // Time-ordered (UUIDv7): the call log's primary key, appended at the end of its index.
    genReqId: () => newRequestId(),
    // Errors and slow requests at info, the rest at debug (request-log.ts).
    logController: new RequestLog(container.config.slowRequestMs),
    frameworkErrors,
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false } },
    schemaController: { compilersFactory: lazySerializers() },
  }).withTypeProvider<TypeBoxTypeProvider>();
  watchBodyProgress(app.server, container.config.requestTimeoutMs);

  observeHttp(app, container.observability);
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    done();
  });
  refuseDuplicateHostHeaders(app);
  installJsonBodyParser(app, container.config.maxJsonDepth);
  installValidators(app);
  installErrorHandler(app);
  app.addSchema(ErrorBody);
  installSecurityHeaders(app);
  await app.register(fastifySwagger, { openapi: openApiInfo(container.config), transformObject: markOptionalBodies });

  opsRoutes(app, container);
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (scope) => manageApi(scope.withTypeProvider<TypeBoxTypeProvider>(), container), { prefix: MANAGE_PREFIX });
  await app.register(async (scope) => dashScopeApi(scope.withTypeProvider<TypeBoxTypeProvider>(), container), { prefix: DASHSCOPE_PREFIX });
  await app.register(async (scope) => compatibleModeApi(scope.withTypeProvider<TypeBoxTypeProvider>(), container), { prefix: COMPATIBLE_PREFIX });
  await app.register(async (scope) => appResponsesApi(scope.withTypeProvider<TypeBoxTypeProvider>(), container), { prefix: APP_RESPONSES_PREFIX });
  await app.register(async (scope) => mcpApi(scope.withTypeProvider<TypeBoxTypeProvider>(), container), { prefix: DASHSCOPE_PREFIX });

  // Alibaba Cloud's signed OpenAPI at the root; its routes only match requests carrying x-acs-action.
  await app.register(async (scope) => acsApi(scope, container));

  const hasConsole = await serveConsole(app, container.config.consoleDir);
  app.setNotFoundHandler((request, reply) => {
    if (isAcsRequest(request)) return acsNotFound(request, reply);
    // The console's own routes (/apps/..., /workspaces) are client-side: serve the page, not a 404.
    if (hasConsole && request.method === "GET" && !isApiPath(request.url)) return reply.sendFile("index.html");
    return reply.status(404).send({ code: "NotFound", message: `No route for ${request.method} ${request.url.split("?")[0]}.`, request_id: request.id });
  });
  return app;
}
