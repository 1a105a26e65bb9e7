import type { OpenAiCompatible } from "@appstudio/contracts";
import type { CompletionRequest } from "@appstudio/core";
import type { Static } from "typebox";
import { openAiRefusal } from "../../app-call/openai-error.js";
import { contentOf, dashScopeMessage, extensionInput, parametersOf, parseAsDashScope } from "./openai-request.js";

type ChatBody = Static<typeof OpenAiCompatible.ChatCompletionBody>;

/**
 * A Chat Completions body as an app call: `messages` are the caller-kept history and the last
 * user message the prompt, exactly as DashScope's `input.messages`. Images are read from the
 * last message only (earlier turns are text, as in a session). Nothing is saved to a session:
 * a Chat Completions client sends the whole conversation every time.
 */
export function chatRequestOf(body: ChatBody): CompletionRequest {
  const last = body.messages.length - 1;
  let imageList: string[] = [];
  const messages = body.messages.map((m, i) => {
    const { text, images } = contentOf(m.content, `messages[${i}].content`);
    if (images.length > 0) {
      if (i !== last) throw openAiRefusal("InvalidParameter", "Images are read from the last message only.", `messages[${i}].content`, "unsupported_parameter");
      imageList = images;
    }
    return dashScopeMessage(m.role, text, `messages[${i}].role`);
  });
  const parsed = parseAsDashScope(
    {
      input: { messages, ...(imageList.length > 0 ? { image_list: imageList } : {}), ...extensionInput(body) },
      parameters: { ...parametersOf(body, body.max_completion_tokens ?? body.max_tokens), ...(typeof body.seed === "number" ? { seed: body.seed } : {}) },
    },
    (field) => field.replace(/^input\.messages/, "messages"),
  );
  return { ...parsed, keepSession: false };
}
