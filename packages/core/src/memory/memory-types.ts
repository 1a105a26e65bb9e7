import type { Page, PageRequest } from "../ports/page.js";

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

/**
 * Storage of memories and their nodes. Every call that takes an ID also takes the workspace
 * (except `findById`, for lookups the caller then authorizes), so another workspace's row
 * reads as missing.
 */
export interface MemoryRepository {
  create(memory: Omit<Memory, "nodeCount">): Promise<void>;
  findById(id: string): Promise<Memory | undefined>;
  find(workspaceId: string, id: string): Promise<Memory | undefined>;
  /** Newest first. An empty `workspaceIds` lists nothing; an absent one lists every workspace. */
  list(query: PageRequest & { workspaceIds?: string[] }): Promise<Page<Memory>>;
  update(workspaceId: string, id: string, patch: { description: string; updatedAt: string }): Promise<void>;
  /** Deletes the memory with all its nodes. */
  delete(workspaceId: string, id: string): Promise<void>;

  createNodes(nodes: MemoryNode[]): Promise<void>;
  findNode(workspaceId: string, memoryId: string, nodeId: string): Promise<MemoryNode | undefined>;
  /** Oldest first, so a store reads in the order facts were learnt. */
  listNodes(query: PageRequest & { workspaceId: string; memoryId: string }): Promise<Page<MemoryNode>>;
  updateNode(workspaceId: string, memoryId: string, nodeId: string, patch: { content: string; updatedAt: string }): Promise<void>;
  deleteNode(workspaceId: string, memoryId: string, nodeId: string): Promise<void>;
  /** Bumps the memory's `updatedAt` (nodes changed). */
  touch(workspaceId: string, id: string, at: string): Promise<void>;
}
