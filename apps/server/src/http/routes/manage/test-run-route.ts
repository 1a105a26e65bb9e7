import { DashScope, errorResponses } from "@appstudio/contracts";
import {
  type App,
  type AppConfig,
  AppError,
  authorize,
  type CompletionBody,
  getApp,
  getAppVersion,
  type Principal,
  parseCompletionBody,
} from "@appstudio/core";
import { Type } from "typebox";
import type { Container } from "../../../container.js";
import { serveAppCall } from "../../app-call/serve-app-call.js";
import type { TypedApp } from "./types.js";

const TestRunBody = Type.Intersect([
  DashScope.CompletionBody,
  Type.Object({
    version: Type.Optional(Type.Union([Type.Literal("draft"), Type.Literal("published")], { description: "Which configuration runs (default draft)" })),
  }),
]);

/**
 * The console playground: runs an app's draft (or its published version) as the signed-in
 * user, answering exactly like the DashScope API (JSON, or SSE with Accept: text/event-stream).
 */
export function testRunRoute(app: TypedApp, container: Container) {
  app.post(
    "/apps/:app/test-run",
    {
      // An app call: its prompt is call content (NUL stored as U+FFFD, like on the app API), and
      // it is in the call log also when refused.
      config: { appCall: true },
      schema: {
        tags: ["Apps"],
        summary: "Run the draft or the published version from the console",
        params: Type.Object({ app: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: TestRunBody,
        response: { 200: DashScope.CompletionResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const target = await getApp(container.core, request.principal, request.params.app);
      authorize(request.principal, "app.run", { workspaceId: target.workspaceId });
      // From here a refusal is logged under the app and its workspace, as a run that failed would be.
      request.runTarget = { appId: target.id, workspaceId: target.workspaceId };
      const { version, ...body } = request.body as CompletionBody & { version?: "draft" | "published" };
      const parsed = parseCompletionBody(body);
      const runs = version === "published" ? await publishedVersionOf(container, request.principal, target) : { config: target.draft, version: null };
      const context = { source: "console" as const, workspaceId: target.workspaceId, apiKeyId: null, keyPrefix: null, userId: request.principal.userId };
      return serveAppCall(container, request, reply, context, { app: target, ...runs, parsed });
    },
  );
}

async function publishedVersionOf(container: Container, principal: Principal, target: App): Promise<{ config: AppConfig; version: number }> {
  if (target.publishedVersion === null) throw new AppError("Conflict", "This app has not been published yet; run the draft instead.");
  const published = await getAppVersion(container.core, principal, target.id, target.publishedVersion);
  return { config: published.config, version: published.version };
}
