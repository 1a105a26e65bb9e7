export { ApiError, ConnectionError } from "./api-error.js";
export { ManageClient, type ManageClientOptions } from "./manage-client.js";
export { DashScopeClient, type DashScopeClientOptions } from "./dashscope-client.js";
export { parseSse, SseLineParser, type SseEvent } from "./sse-parser.js";
export type * from "./types.js";
