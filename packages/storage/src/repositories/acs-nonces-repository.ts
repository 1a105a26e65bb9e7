import type { Kysely } from "kysely";
import { isUniqueViolation } from "../dialects/errors.js";
import type { Database } from "../schema.js";

/**
 * Signature nonces seen within the clock-skew window, in the database so every server process
 * sees the same set (used when Redis is not configured). The primary key decides races.
 */
export class KyselyAcsNonceRepository {
  private lastPurge = 0;

  constructor(private readonly db: Kysely<Database>) {}

  /** True the first time a nonce is seen for this key; false when it was used already. */
  async remember(accessKeyId: string, nonce: string, expiresAt: Date): Promise<boolean> {
    await this.purgeExpired(new Date());
    try {
      await this.db.insertInto("acs_nonces").values({ access_key_id: accessKeyId, nonce, expires_at: expiresAt.toISOString() }).execute();
      return true;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // A nonce whose window has passed may be stored still; its request is refused by the clock anyway.
      return false;
    }
  }

  /** At most once a minute per process: expired nonces can never be replayed (the date check refuses them). */
  private async purgeExpired(now: Date): Promise<void> {
    if (now.getTime() - this.lastPurge < 60_000) return;
    this.lastPurge = now.getTime();
    await this.db.deleteFrom("acs_nonces").where("expires_at", "<", now.toISOString()).execute();
  }
}
