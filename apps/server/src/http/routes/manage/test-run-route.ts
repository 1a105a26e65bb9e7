import { DashScope, errorResponses } from "@appstudio/contracts";
import { AppError, authorize, type CompletionBody, getApp, getAppVersion, parseCompletionBody } from "@appstudio/core";
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
      const context = {
        source: "console" as const,
        workspaceId: target.workspaceId,
        apiKeyId: null,
        keyPrefix: null,
        userId: request.principal.userId,
        appId: target.id,
      };
      return serveAppCall(container, request, reply, context, async () => {
        const { version, ...body } = request.body as CompletionBody & { version?: "draft" | "published" };
        const parsed = parseCompletionBody(body);
        if (version === "published") {
          if (target.publishedVersion === null) throw new AppError("Conflict", "This app has not been published yet; run the draft instead.");
          const published = await getAppVersion(container.core, request.principal, target.id, target.publishedVersion);
          return { app: target, config: published.config, version: published.version, parsed };
        }
        return { app: target, config: target.draft, version: null, parsed };
      });
    },
  );
}
