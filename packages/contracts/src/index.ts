export * from "./manage/common.js";
export * as Accounts from "./manage/accounts.js";
export * as Workspaces from "./manage/workspaces.js";
export * as Apps from "./manage/apps.js";
export * as ApiKeys from "./manage/api-keys.js";
export * as Audit from "./manage/audit.js";
export * as DashScope from "./dashscope.js";
export * as Providers from "./manage/providers.js";
export * as CallLogs from "./manage/call-logs.js";
