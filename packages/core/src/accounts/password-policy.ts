import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * Password rules after NIST SP 800-63B: a minimum length, a blocklist of passwords attackers try
 * first, and nothing else — no composition rules, no expiry. Any Unicode text is allowed except
 * control characters, which no keyboard types and which would make two passwords look the same.
 */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/** Words that belong to this service: a password made of one is the first thing an attacker tries here. */
const SERVICE_WORDS = ["appstudio", "app studio", "app-studio"];

// ~49,000 passwords from public breach corpora (zxcvbn-ts's "passwords-common" list), lowercased.
let common: ReadonlySet<string> | undefined;
const commonPasswords = () => (common ??= new Set(dictionary["passwords-common"]));

/**
 * Why a password may not be used, in words for the person choosing it; null when it is fine.
 * `loginName` is the account the password is for: a password equal to it is refused.
 */
export function passwordProblem(password: string, loginName: string): string | null {
  // Lone UTF-16 surrogates cannot be encoded as UTF-8, so two different inputs would hash alike.
  if (/\p{Cs}/u.test(password)) return "must be valid Unicode text";
  if (/\p{Cc}/u.test(password)) return "must not contain control characters such as tabs or line breaks";
  // Counted in characters (code points), not UTF-16 units: an emoji is one character.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  if (/^\p{White_Space}+$/u.test(password)) return "must not be only spaces";
  if (/^(.)\1+$/su.test(password)) return "must not repeat one character";
  // Case and surrounding spaces do not make a guessable password harder to guess.
  const plain = password.trim().toLowerCase();
  if (plain === loginName.toLowerCase()) return "must not be the same as the login name";
  if (SERVICE_WORDS.includes(plain)) return "must not be the name of this service";
  if (commonPasswords().has(plain)) return "is one of the most common passwords, which attackers try first; choose a longer phrase of your own";
  return null;
}
