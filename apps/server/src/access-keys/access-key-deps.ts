import type { AccessKeyDeps } from "@appstudio/core";
import { KyselyAccessKeyRepository } from "@appstudio/storage";
import type { Container } from "../container.js";

const cache = new WeakMap<Container, AccessKeyDeps>();

/**
 * The AccessKey use cases' dependencies: core's ports, the access_keys table and the server's
 * secret box (secrets are sealed, not hashed, because HMAC verification needs them). Built once
 * per container, so the management API and the signed OpenAPI share one instance.
 */
export function accessKeyDeps(container: Container): AccessKeyDeps {
  let deps = cache.get(container);
  if (!deps) {
    deps = { ...container.core, accessKeys: new KyselyAccessKeyRepository(container.database.db), sealer: container.secretBox };
    cache.set(container, deps);
  }
  return deps;
}
