import { Type } from "typebox";
import { PageQuery, Timestamp, WorkspaceId } from "./common.js";

const MemoryId = Type.String({ pattern: "^[0-9a-f]{32}$", description: "Memory ID: 32 lowercase hex characters (input.memory_id of app calls)" });
const NodeId = Type.String({ pattern: "^[0-9a-f]{32}$", description: "Memory node ID: 32 lowercase hex characters" });

/** A long-term memory store: the facts an agent app keeps about one user. */
export const Memory = Type.Object({
  id: MemoryId,
  workspaceId: WorkspaceId,
  description: Type.String(),
  nodeCount: Type.Integer(),
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** One remembered fact. */
export const MemoryNode = Type.Object({
  id: NodeId,
  memoryId: MemoryId,
  workspaceId: WorkspaceId,
  content: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const MemoryQuery = Type.Object(
  { ...PageQuery, workspaceId: Type.Optional(Type.String({ maxLength: 64, description: "Only this workspace (default: every workspace you belong to)" })) },
  { additionalProperties: false },
);
export const NodeQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export const CreateMemoryBody = Type.Object(
  {
    workspaceId: WorkspaceId,
    description: Type.Optional(Type.String({ maxLength: 1000, description: "Whose memory this is, e.g. an end-user ID of your system" })),
  },
  { additionalProperties: false },
);
export const UpdateMemoryBody = Type.Object({ description: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });
export const NodeBody = Type.Object({ content: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });

export const MemoryParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const NodeParam = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), nodeId: Type.String({ minLength: 1, maxLength: 64 }) });
