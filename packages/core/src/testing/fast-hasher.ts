import { createHash, randomBytes } from "node:crypto";
import type { PasswordHasher } from "../ports/password-hasher.js";

/**
 * Salted SHA-256 for unit tests whose subject is not password hashing: argon2id is
 * deliberately slow, and a matrix test that creates dozens of users should not wait on it.
 */
export const fastTestHasher: PasswordHasher = {
  async hash(password) {
    const salt = randomBytes(8).toString("hex");
    return `test$${salt}$${createHash("sha256")
      .update(salt + password)
      .digest("hex")}`;
  },
  async verify(hash, password) {
    const [, salt = "", digest] = hash.split("$");
    return (
      createHash("sha256")
        .update(salt + password)
        .digest("hex") === digest
    );
  },
};
