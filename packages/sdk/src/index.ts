export { ApiError, ConnectionError, type FieldProblem } from "./api-error.js";
export { DashScopeClient, type DashScopeClientOptions } from "./dashscope-client.js";
export { ManageClient, type ManageClientOptions, type TestRunBody, type UploadFile } from "./manage-client.js";
export { parseSse, type SseEvent } from "./sse-parser.js";
export type * from "./types.js";
