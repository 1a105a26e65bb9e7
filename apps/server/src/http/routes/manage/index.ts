import fastifyCookie from "@fastify/cookie";
import type { Container } from "../../../container.js";
import { recordRefusedCalls } from "../../app-call/record-refused-calls.js";
import { manageAuthHook } from "../../plugins/manage-auth.js";
import { refuseUnstorableText } from "../../plugins/storable-text-check.js";
import { accessKeyRoutes } from "./access-key-routes.js";
import { accountRoutes } from "./account-routes.js";
import { apiKeyRoutes } from "./api-key-routes.js";
import { appRoutes } from "./app-routes.js";
import { auditRoutes } from "./audit-routes.js";
import { callLogRoutes } from "./call-log-routes.js";
import { knowledgeRetrievalRoute } from "./knowledge-retrieval-route.js";
import { knowledgeRoutes } from "./knowledge-routes.js";
import { mcpServiceRoutes } from "./mcp-service-routes.js";
import { memoryRoutes } from "./memory-routes.js";
import { providerRoutes } from "./provider-routes.js";
import { testRunRoute } from "./test-run-route.js";
import type { TypedApp } from "./types.js";
import { userRoutes } from "./user-routes.js";
import { workflowRunRoutes } from "./workflow-run-routes.js";
import { workspaceRoutes } from "./workspace-routes.js";

export const MANAGE_PREFIX = "/manage/v1";

/** The management API: everything the console and the CLI do, under one prefix. */
export async function manageApi(app: TypedApp, container: Container) {
  // Only the console's session travels in a cookie: parsing cookies (and the hook on every
  // response) stays off the app API's hot path.
  await app.register(fastifyCookie);
  app.addHook("onRequest", manageAuthHook(container));
  app.addHook("preValidation", refuseUnstorableText);
  recordRefusedCalls(app, container, "console");
  accountRoutes(app, container);
  userRoutes(app, container);
  workspaceRoutes(app, container);
  appRoutes(app, container);
  apiKeyRoutes(app, container);
  accessKeyRoutes(app, container);
  auditRoutes(app, container);
  providerRoutes(app, container);
  callLogRoutes(app, container);
  testRunRoute(app, container);
  workflowRunRoutes(app, container);
  await app.register(async (scope) => knowledgeRoutes(scope, container));
  knowledgeRetrievalRoute(app, container);
  memoryRoutes(app, container);
  mcpServiceRoutes(app, container);
}
