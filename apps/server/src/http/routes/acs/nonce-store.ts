import { KyselyAcsNonceRepository } from "@appstudio/storage";
import type { Container } from "../../../container.js";

/**
 * Signature nonces seen within the clock-skew window. It must be shared by every server
 * process (a replay may reach another instance): Redis when configured, else the database.
 */
export interface NonceStore {
  /** True the first time; false when this AccessKey used the nonce already. */
  remember(accessKeyId: string, nonce: string, ttlSeconds: number): Promise<boolean>;
}

export function createNonceStore(container: Container): NonceStore {
  const { redis } = container;
  if (redis) {
    return {
      async remember(accessKeyId, nonce, ttlSeconds) {
        const answer = await redis.set(`appstudio:acs-nonce:${accessKeyId}:${nonce}`, "1", "EX", ttlSeconds, "NX");
        return answer === "OK";
      },
    };
  }
  const table = new KyselyAcsNonceRepository(container.database.db);
  return {
    remember: (accessKeyId, nonce, ttlSeconds) => table.remember(accessKeyId, nonce, new Date(container.core.clock.now().getTime() + ttlSeconds * 1000)),
  };
}
