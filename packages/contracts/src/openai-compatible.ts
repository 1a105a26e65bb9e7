import { type TSchema, Type } from "typebox";
import { DocReference, RagOptions } from "./dashscope.js";

/**
 * The OpenAI-compatible view of published apps: Chat Completions, the Responses API and the
 * model list, as the official `openai` SDKs send and read them. Fields OpenAI defines that an
 * app cannot honour are refused by the route (`unsupported_parameter`); other unknown fields are
 * tolerated, as on the DashScope surface, so newer SDK versions keep working.
 */

/** `appstudio`: what an app takes beyond OpenAI's fields (`extra_body={"appstudio": {...}}` in Python). */
export const AppstudioRequest = Type.Object({
  /** Thoughts (tool calls, retrieval, reasoning, workflow nodes) in the `appstudio` field of the answer. */
  has_thoughts: Type.Optional(Type.Boolean()),
  biz_params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  memory_id: Type.Optional(Type.String({ maxLength: 128 })),
  rag_options: Type.Optional(RagOptions),
});

/** `appstudio` on an answer: the session, citations and (when asked for) thoughts. */
export const AppstudioAnswer = Type.Object({
  session_id: Type.Optional(Type.String()),
  doc_references: Type.Optional(Type.Array(DocReference)),
  thoughts: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
});

const Sampling = {
  temperature: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 2 }), Type.Null()])),
  top_p: Type.Optional(Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 1 }), Type.Null()])),
  /** DashScope's compatible-mode extensions, honoured as on `/api/v1`. */
  top_k: Type.Optional(Type.Integer({ minimum: 0 })),
  enable_thinking: Type.Optional(Type.Boolean()),
  stream: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  user: Type.Optional(Type.String({ maxLength: 256 })),
  metadata: Type.Optional(Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()])),
  appstudio: Type.Optional(AppstudioRequest),
};

const ContentPart = Type.Object({
  type: Type.String({ maxLength: 64 }),
  text: Type.Optional(Type.String()),
  image_url: Type.Optional(Type.Union([Type.String(), Type.Object({ url: Type.String(), detail: Type.Optional(Type.String()) })])),
});

const MessageContent = Type.Union([Type.String(), Type.Array(ContentPart, { maxItems: 100 }), Type.Null()]);

export const ChatCompletionBody = Type.Object({
  model: Type.String({ minLength: 1, maxLength: 200, description: "An App ID, or app:NAME for an app of the key's workspace" }),
  messages: Type.Array(Type.Object({ role: Type.String({ maxLength: 32 }), content: Type.Optional(MessageContent), name: Type.Optional(Type.String()) }), {
    minItems: 1,
    maxItems: 1000,
  }),
  stream_options: Type.Optional(Type.Union([Type.Object({ include_usage: Type.Optional(Type.Boolean()) }), Type.Null()])),
  max_tokens: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  max_completion_tokens: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  seed: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
  n: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  ...Sampling,
});

const InputItem = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 64 })),
  role: Type.Optional(Type.String({ maxLength: 32 })),
  content: Type.Optional(
    Type.Union([
      Type.String(),
      Type.Array(Type.Object({ type: Type.String({ maxLength: 64 }), text: Type.Optional(Type.String()), image_url: Type.Optional(Type.String()) }), {
        maxItems: 100,
      }),
    ]),
  ),
});

export const ResponsesBody = Type.Object({
  model: Type.Optional(Type.String({ maxLength: 200, description: "Ignored: the app in the path answers" })),
  input: Type.Union([Type.String({ maxLength: 1_000_000 }), Type.Array(InputItem, { minItems: 1, maxItems: 1000 })]),
  instructions: Type.Optional(Type.Union([Type.String({ maxLength: 100_000 }), Type.Null()])),
  previous_response_id: Type.Optional(Type.Union([Type.String({ maxLength: 128 }), Type.Null()])),
  store: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  max_output_tokens: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  ...Sampling,
});

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ChatCompletion = Type.Object({
  id: Type.String(),
  object: Type.Literal("chat.completion"),
  created: Type.Integer(),
  model: Type.String(),
  choices: Type.Array(
    Type.Object({
      index: Type.Integer(),
      message: Type.Object({
        role: Type.Literal("assistant"),
        content: Type.String(),
        refusal: Type.Null(),
        reasoning_content: Type.Optional(Type.String()),
      }),
      finish_reason: Type.String(),
      logprobs: Type.Null(),
    }),
  ),
  usage: Type.Object({ prompt_tokens: Type.Integer(), completion_tokens: Type.Integer(), total_tokens: Type.Integer() }),
  appstudio: Type.Optional(AppstudioAnswer),
});

export const ResponseUsage = Type.Object({
  input_tokens: Type.Integer(),
  input_tokens_details: Type.Object({ cached_tokens: Type.Integer() }),
  output_tokens: Type.Integer(),
  output_tokens_details: Type.Object({ reasoning_tokens: Type.Integer() }),
  total_tokens: Type.Integer(),
});

export const ResponseOutputMessage = Type.Object({
  id: Type.String(),
  type: Type.Literal("message"),
  status: Type.String(),
  role: Type.Literal("assistant"),
  content: Type.Array(
    Type.Object({
      type: Type.Literal("output_text"),
      text: Type.String(),
      annotations: Type.Array(Type.Unknown()),
      logprobs: Type.Array(Type.Unknown()),
    }),
  ),
});

/** The Response object (`object: "response"`) for an app's answer. */
export const Response = Type.Object({
  id: Type.String(),
  object: Type.Literal("response"),
  created_at: Type.Integer(),
  status: Type.String(),
  completed_at: Nullable(Type.Integer()),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
  incomplete_details: Nullable(Type.Object({ reason: Type.String() })),
  instructions: Nullable(Type.String()),
  max_output_tokens: Nullable(Type.Integer()),
  model: Type.String(),
  output: Type.Array(ResponseOutputMessage),
  parallel_tool_calls: Type.Boolean(),
  previous_response_id: Nullable(Type.String()),
  store: Type.Boolean(),
  temperature: Nullable(Type.Number()),
  top_p: Nullable(Type.Number()),
  tool_choice: Type.String(),
  tools: Type.Array(Type.Unknown()),
  text: Type.Object({ format: Type.Object({ type: Type.String() }) }),
  truncation: Type.String(),
  usage: Nullable(ResponseUsage),
  metadata: Type.Record(Type.String(), Type.String()),
  appstudio: Type.Optional(AppstudioAnswer),
});

export const Model = Type.Object({
  id: Type.String({ description: "The App ID: the `model` of a chat completion" }),
  object: Type.Literal("model"),
  created: Type.Integer(),
  owned_by: Type.String({ description: "The app's workspace" }),
  appstudio: Type.Object({ name: Type.String(), type: Type.String(), alias: Type.String({ description: "app:NAME, also accepted as `model`" }) }),
});

export const ModelList = Type.Object({ object: Type.Literal("list"), data: Type.Array(Model) });

/** OpenAI's error body, with the request ID as Model Studio's compatible mode adds it. */
export const ErrorBody = Type.Object({
  error: Type.Object({ message: Type.String(), type: Type.String(), param: Nullable(Type.String()), code: Type.String() }),
  request_id: Type.String(),
});
