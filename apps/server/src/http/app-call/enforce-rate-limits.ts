import { AppError } from "@appstudio/core";
import type { Container } from "../../container.js";

/**
 * The per-app and per-key limits of every app-call surface (DashScope, OpenAI-compatible): one
 * pair of counters, so a key cannot double its quota by switching surfaces.
 */
export async function enforceRateLimits(container: Container, appId: string, keyId: string): Promise<void> {
  const [perApp, perKey] = await Promise.all([container.appLimiter.hit(`app:${appId}`), container.keyLimiter.hit(`key:${keyId}`)]);
  const blocked = [perApp, perKey].find((r) => !r.allowed);
  if (blocked) {
    throw new AppError("Throttling.RateQuota", "Requests rate limit exceeded, please try again later.", {
      retryAfterSeconds: Math.ceil(blocked.retryAfterMs / 1000),
    });
  }
}
