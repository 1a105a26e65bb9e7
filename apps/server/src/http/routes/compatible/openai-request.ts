import type { OpenAiCompatible } from "@appstudio/contracts";
import { AppError, type CompletionBody, type CompletionRequest, parseCompletionBody } from "@appstudio/core";
import type { Static } from "typebox";
import { openAiRefusal } from "../../app-call/openai-error.js";

type Sampling = Pick<Static<typeof OpenAiCompatible.ChatCompletionBody>, "temperature" | "top_p" | "top_k" | "enable_thinking" | "appstudio">;
type Parameters = NonNullable<CompletionBody["parameters"]>;
type DashScopeMessage = NonNullable<NonNullable<CompletionBody["input"]>["messages"]>[number];

const unsupported = (param: string, why: string) =>
  openAiRefusal("InvalidParameter", `Unsupported parameter: '${param}' ${why}.`, param, "unsupported_parameter");

/**
 * Fields OpenAI defines that an app cannot honour: its tools, output format and choice count are
 * the app's, set in its configuration. Refused rather than ignored, because ignoring them would
 * answer something else than was asked. Values that ask for the default pass.
 */
export function refuseUnsupported(body: Record<string, unknown>): void {
  const set = (name: string) => body[name] !== undefined && body[name] !== null;
  if (Array.isArray(body.tools) ? body.tools.length > 0 : set("tools"))
    throw unsupported("tools", "is not supported: an app calls the tools of its configuration");
  if (set("tool_choice") && body.tool_choice !== "auto" && body.tool_choice !== "none")
    throw unsupported("tool_choice", "is not supported: an app decides its tool calls");
  for (const name of ["functions", "function_call", "audio", "prediction", "background", "conversation", "prompt"]) {
    if (set(name)) throw unsupported(name, "is not supported by apps");
  }
  const format = body.response_format as { type?: unknown } | undefined;
  if (set("response_format") && format?.type !== "text") throw unsupported("response_format", "is not supported: apps answer text");
  const textFormat = (body.text as { format?: { type?: unknown } } | undefined)?.format;
  if (textFormat && textFormat.type !== "text") throw unsupported("text.format", "is not supported: apps answer text");
  if (typeof body.n === "number" && body.n > 1) throw unsupported("n", "greater than 1 is not supported: an app gives one answer");
  if (body.logprobs === true) throw unsupported("logprobs", "is not supported by apps");
  if (Array.isArray(body.modalities) && body.modalities.some((m) => m !== "text")) throw unsupported("modalities", "other than text are not supported");
}

/** DashScope `parameters` from OpenAI's sampling fields and the `appstudio` extension. */
export function parametersOf(body: Sampling, maxTokens: number | null | undefined): Parameters {
  return {
    ...(typeof body.temperature === "number" ? { temperature: body.temperature } : {}),
    ...(typeof body.top_p === "number" ? { top_p: body.top_p } : {}),
    ...(body.top_k !== undefined ? { top_k: body.top_k } : {}),
    ...(body.enable_thinking !== undefined ? { enable_thinking: body.enable_thinking } : {}),
    ...(typeof maxTokens === "number" ? { max_tokens: maxTokens } : {}),
    ...(body.appstudio?.has_thoughts ? { has_thoughts: true } : {}),
    ...(body.appstudio?.rag_options ? { rag_options: body.appstudio.rag_options } : {}),
  };
}

/** DashScope `input` fields from the `appstudio` extension. */
export const extensionInput = (body: Sampling) => ({
  ...(body.appstudio?.biz_params ? { biz_params: body.appstudio.biz_params } : {}),
  ...(body.appstudio?.memory_id ? { memory_id: body.appstudio.memory_id } : {}),
});

/** Text of a message's content, and its image URLs. Only text and images are understood. */
export function contentOf(content: unknown, param: string): { text: string; images: string[] } {
  if (typeof content === "string") return { text: content, images: [] };
  if (content === null || content === undefined) return { text: "", images: [] };
  let text = "";
  const images: string[] = [];
  (content as { type: string; text?: string; image_url?: string | { url: string } }[]).forEach((part, i) => {
    if (["text", "input_text", "output_text"].includes(part.type)) text += part.text ?? "";
    else if ((part.type === "image_url" || part.type === "input_image") && part.image_url) {
      images.push(typeof part.image_url === "string" ? part.image_url : part.image_url.url);
    } else throw unsupported(`${param}[${i}].type`, `'${part.type}' is not supported: messages hold text and images`);
  });
  return { text, images };
}

/** One conversation message in DashScope's shape; `developer` is OpenAI's newer name for `system`. */
export function dashScopeMessage(role: string, text: string, param: string): DashScopeMessage {
  if (role === "developer") return { role: "system", content: text };
  if (role === "system" || role === "user" || role === "assistant") return { role, content: text };
  throw unsupported(param, `role '${role}' is not supported: messages are system, developer, user or assistant`);
}

/**
 * Reads the DashScope body through the one parser of app calls, naming OpenAI's fields in
 * what it refuses (`messages[2].content`, not `input.messages[2].content`).
 */
export function parseAsDashScope(body: CompletionBody, renameField: (field: string) => string): CompletionRequest {
  try {
    return parseCompletionBody(body);
  } catch (error) {
    if (!(error instanceof AppError) || !Array.isArray(error.details?.fields)) throw error;
    const fields = (error.details.fields as { field: string; message: string }[]).map((f) => ({ ...f, field: renameField(f.field) }));
    throw new AppError(error.code, error.message, { ...error.details, fields }, error.diagnostic);
  }
}
