import { Type } from "typebox";

/** Path and query schemas shared by the knowledge-base and document routes. */
export const KnowledgeBaseParam = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 100, description: "Knowledge base ID, or its name together with ?workspaceId=" }),
});

export const LookupQuery = Type.Object(
  { workspaceId: Type.Optional(Type.String({ maxLength: 64, description: "Workspace to look a knowledge base name up in" })) },
  { additionalProperties: false },
);
