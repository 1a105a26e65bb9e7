import { Type } from "typebox";

/**
 * The DashScope app-completion body. Unknown fields are tolerated everywhere (SDKs send
 * `model`, `debug`, `parameters.stream` and fields of newer versions); known fields are typed
 * so a wrong type is a field-named InvalidParameter.
 */
const MessageContent = Type.Union([Type.String(), Type.Array(Type.Object({ text: Type.Optional(Type.String()), type: Type.Optional(Type.String()) }))]);

const IdList = Type.Array(Type.String({ maxLength: 128 }), { maxItems: 100 });

/** `parameters.rag_options`: narrows an agent's knowledge search for one call (agent apps only). */
export const RagOptions = Type.Object({
  pipeline_ids: Type.Optional(IdList),
  file_ids: Type.Optional(IdList),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 })),
  metadata_filter: Type.Optional(Type.Record(Type.String({ maxLength: 200 }), Type.Unknown())),
  structured_filter: Type.Optional(Type.Record(Type.String({ maxLength: 200 }), Type.Unknown())),
  session_file_ids: Type.Optional(IdList),
});

/** `output.doc_references[]`: a chunk the answer cites as `<ref>[index_id]</ref>`. */
export const DocReference = Type.Object({
  index_id: Type.String(),
  doc_id: Type.String(),
  doc_name: Type.String(),
  title: Type.String(),
  text: Type.String(),
  page_number: Type.Array(Type.Integer()),
  images: Type.Array(Type.String()),
});

export const CompletionBody = Type.Object({
  input: Type.Optional(
    Type.Object({
      prompt: Type.Optional(Type.String({ maxLength: 1_000_000 })),
      messages: Type.Optional(Type.Array(Type.Object({ role: Type.String(), content: MessageContent }), { maxItems: 1000 })),
      session_id: Type.Optional(Type.String({ maxLength: 64 })),
      memory_id: Type.Optional(Type.String({ maxLength: 128 })),
      biz_params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      image_list: Type.Optional(Type.Array(Type.String(), { maxItems: 32 })),
      file_list: Type.Optional(Type.Array(Type.String(), { maxItems: 32 })),
    }),
  ),
  parameters: Type.Optional(
    Type.Object({
      incremental_output: Type.Optional(Type.Boolean()),
      has_thoughts: Type.Optional(Type.Boolean()),
      flow_stream_mode: Type.Optional(
        Type.Union([Type.Literal("full_thoughts"), Type.Literal("agent_format"), Type.Literal("message_format"), Type.Literal("message_format_plus")]),
      ),
      enable_thinking: Type.Optional(Type.Boolean()),
      model_id: Type.Optional(Type.String({ maxLength: 200 })),
      temperature: Type.Optional(Type.Number({ minimum: 0, exclusiveMaximum: 2 })),
      top_p: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
      top_k: Type.Optional(Type.Integer({ minimum: 0 })),
      seed: Type.Optional(Type.Integer({ minimum: 0 })),
      max_tokens: Type.Optional(Type.Integer({ minimum: 1 })),
      rag_options: Type.Optional(RagOptions),
      mcp_servers: Type.Optional(
        Type.Array(Type.String({ maxLength: 128 }), { maxItems: 10, description: "MCP services (IDs or names) of the app's workspace added for this call" }),
      ),
      stream: Type.Optional(Type.Boolean()),
    }),
  ),
  debug: Type.Optional(Type.Unknown()),
  model: Type.Optional(Type.Unknown()),
});

export const CompletionResponse = Type.Object({
  output: Type.Object({
    text: Type.String(),
    finish_reason: Type.String(),
    session_id: Type.String(),
    thoughts: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()))),
    doc_references: Type.Optional(Type.Array(DocReference)),
  }),
  usage: Type.Object({
    models: Type.Optional(Type.Array(Type.Object({ model_id: Type.String(), input_tokens: Type.Integer(), output_tokens: Type.Integer() }))),
  }),
  request_id: Type.String(),
});

export const CallableApp = Type.Object({
  app_id: Type.String(),
  name: Type.String(),
  type: Type.Union([Type.Literal("agent"), Type.Literal("workflow")]),
  status: Type.String(),
  workspace_id: Type.String(),
  shared_base_url: Type.String(),
  dedicated_base_url: Type.String(),
});

/** A long-term memory store, as `GET /api/v1/memories` lists it. */
export const KeyMemory = Type.Object({
  memory_id: Type.String(),
  description: Type.String(),
  workspace_id: Type.String(),
  node_count: Type.Integer(),
  created_at: Type.String(),
  updated_at: Type.String(),
});

export const KeyWorkspace = Type.Object({
  workspace_id: Type.String(),
  name: Type.String(),
  region: Type.String(),
  is_default: Type.Boolean(),
  shared_base_url: Type.String(),
  dedicated_base_url: Type.String(),
  api_key_id: Type.String(),
});
