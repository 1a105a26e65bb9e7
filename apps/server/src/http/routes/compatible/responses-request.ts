import type { OpenAiCompatible } from "@appstudio/contracts";
import type { CompletionRequest } from "@appstudio/core";
import type { Static } from "typebox";
import { openAiRefusal } from "../../app-call/openai-error.js";
import { contentOf, dashScopeMessage, extensionInput, parametersOf, parseAsDashScope } from "./openai-request.js";

type ResponsesBody = Static<typeof OpenAiCompatible.ResponsesBody>;

/**
 * A Responses body as an app call:
 * - `instructions` and system/developer input messages are this turn's own system messages:
 *   they follow the app's instructions and are not carried to the next response, as in OpenAI;
 * - `input` as a string, or one user message, is the prompt;
 * - several user/assistant messages are a caller-kept history, like DashScope's `input.messages`;
 * - with `previous_response_id` (resolved by the route to `sessionId`), the earlier turns come from
 *   that session, so `input` adds one user message;
 * - `store: false` leaves the session unsaved, so the response cannot be continued.
 */
export function responsesRequestOf(body: ResponsesBody, sessionId: string | null): CompletionRequest {
  const systemMessages = body.instructions ? [body.instructions] : [];
  const turns: { role: string; text: string; images: string[]; index: number }[] = [];
  const items = typeof body.input === "string" ? [{ role: "user", content: body.input }] : body.input;
  items.forEach((item, i) => {
    if (item.type !== undefined && item.type !== "message") {
      throw openAiRefusal("InvalidParameter", `Unsupported input item type '${item.type}': apps take messages.`, `input[${i}].type`, "unsupported_parameter");
    }
    const { text, images } = contentOf(item.content, `input[${i}].content`);
    const message = dashScopeMessage(item.role ?? "user", text, `input[${i}].role`);
    if (message.role === "system") systemMessages.push(text);
    else turns.push({ role: message.role, text, images, index: i });
  });
  const imagesAt = turns.findIndex((t) => t.images.length > 0);
  if (imagesAt >= 0 && imagesAt !== turns.length - 1) {
    throw openAiRefusal("InvalidParameter", "Images are read from the last message only.", `input[${turns[imagesAt]?.index}].content`, "unsupported_parameter");
  }
  const single = turns.length === 1 && turns[0]?.role === "user" ? turns[0] : null;
  if (sessionId && !single) {
    throw openAiRefusal(
      "InvalidParameter",
      "With previous_response_id, input adds one user message (and optionally system or developer messages): the earlier turns come from the previous response.",
      "input",
    );
  }
  const imageList = turns.at(-1)?.images ?? [];
  const parsed = parseAsDashScope(
    {
      input: {
        ...(single ? { prompt: single.text } : { messages: turns.map((t) => ({ role: t.role, content: t.text })) }),
        ...(sessionId ? { session_id: sessionId } : {}),
        ...(imageList.length > 0 ? { image_list: imageList } : {}),
        ...extensionInput(body),
      },
      parameters: parametersOf(body, body.max_output_tokens),
    },
    () => "input",
  );
  return { ...parsed, systemMessages, keepSession: body.store !== false };
}
