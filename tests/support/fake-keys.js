// Fake-but-valid-looking credentials for JS tests, made at run time (no fixture holds one).
import { randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomChars(length) {
  return [...randomBytes(length)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
}

const b64url = (text) => Buffer.from(text).toString('base64url');

export function supabaseJwt(role) {
  const payload = { iss: 'supabase', ref: randomChars(20).toLowerCase(), role, iat: 1735689600, exp: 2051222400 };
  return `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify(payload))}.${randomChars(43)}`;
}

export const supabaseSecretKey = () => `sb_secret_${randomChars(31)}`;
export const openaiProjectKey = () => `sk-proj-${randomChars(74)}T3BlbkFJ${randomChars(74)}`;
export const stripeSecretKey = () => `sk_live_${randomChars(30)}`;
export const stripePublishableKey = () => `pk_live_${randomChars(30)}`;
/** No provider prefix (like Mistral, Upstash or Postmark keys): no rule knows its shape. */
export const prefixlessKey = () => randomChars(32);
