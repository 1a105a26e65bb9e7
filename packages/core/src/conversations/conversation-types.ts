/** One round of a server-kept conversation (`session_id`): the user's prompt and the answer. */
export interface ConversationRound {
  user: string;
  assistant: string;
}

export interface ConversationSession {
  id: string;
  appId: string;
  /** The key that opened it; a session is only continued by calls of the same workspace. */
  workspaceId: string;
  rounds: ConversationRound[];
  updatedAt: string;
  expiresAt: string;
}
