/**
 * An Alibaba Cloud style AccessKey pair of a user, for the signed OpenAPI (ACS3-HMAC-SHA256).
 * The secret is kept sealed, not hashed: verifying an HMAC signature needs the secret itself.
 */
export interface AccessKey {
  /** `LTAI` + 20 base62 characters, the shape of Alibaba Cloud AccessKey IDs. */
  id: string;
  userId: string;
  disabled: boolean;
  createdAt: string;
  lastUsedAt: string | null;
}

/** The stored row: the key plus its secret sealed by the server's secret box. */
export interface AccessKeyRecord extends AccessKey {
  secretSealed: string;
}

/** Seals secrets at rest; the server passes its secret box (AES-256-GCM). */
export interface AccessKeySealer {
  seal(plaintext: string): string;
  open(sealed: string): string;
}
