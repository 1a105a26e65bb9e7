/**
 * Long-term memory, in the shape of Model Studio's memory API: a memory store per end user (or
 * whatever the caller keys it by), holding short facts (nodes). An agent app with long-term
 * memory on, called with `input.memory_id`, reads relevant nodes into its context and, after
 * the turn, adds the durable facts the model extracted from the exchange.
 */
export interface Memory {
  /** 32 lowercase hex, like Model Studio memory IDs. */
  id: string;
  workspaceId: string;
  description: string;
  nodeCount: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface MemoryNode {
  /** 32 lowercase hex. */
  id: string;
  memoryId: string;
  workspaceId: string;
  content: string;
  createdAt: string;
  updatedAt: string;
}

/** Longest description of a memory store. */
export const MAX_MEMORY_DESCRIPTION = 1000;
/** Longest memory node; facts are meant to be one sentence. */
export const MAX_MEMORY_NODE_CONTENT = 2000;
/** Nodes one memory store may hold; the whole store is scanned when a call recalls from it. */
export const MAX_MEMORY_NODES = 1000;
