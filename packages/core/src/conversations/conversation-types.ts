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

/**
 * Server-side history behind `session_id`, in the database so that every server process
 * sees the same sessions.
 */
export interface ConversationRepository {
  find(id: string): Promise<ConversationSession | undefined>;
  /**
   * Appends a round, keeps the newest `maxRounds`, and slides the expiry. Creates the session
   * when new; an expired one of the same app and workspace starts afresh. A session of another
   * app or workspace is left untouched and `false` is returned.
   */
  appendRound(
    session: { id: string; appId: string; workspaceId: string },
    round: ConversationRound,
    options: { maxRounds: number; now: string; expiresAt: string },
  ): Promise<boolean>;
  purgeExpired(now: string): Promise<number>;
}
