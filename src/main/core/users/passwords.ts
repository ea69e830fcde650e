import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * scrypt cost: N = 2^15, r = 8, p = 1 uses 32 MiB per hash (RFC 7914 §2; OWASP Password
 * Storage Cheat Sheet's scrypt minimum is N = 2^17 with r = 8 at 128 MiB, or 2^15 with r = 8
 * and p = 3). We keep p = 1 for a sign-in well under 500 ms on a 2-core station; the figure
 * is `signin_ms` in `npm run bench`. Stored with the hash, so raising it later keeps old
 * hashes verifiable.
 */
export const SCRYPT_COST = { logN: 15, r: 8, p: 1 } as const
const KEY_BYTES = 32
const SALT_BYTES = 16

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN
  // Node refuses a hash above maxmem (32 MiB by default): allow 128·N·r·p plus headroom.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r * p }
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)))
  )
}

/**
 * Hashes a password with a fresh random salt: `scrypt$<logN>$<r>$<p>$<salt b64>$<key b64>`.
 * Runs on libuv's thread pool, so a sign-in never blocks the event loop.
 */
export async function hashPassword(password: string, cost = SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, cost.logN, cost.r, cost.p)
  return ['scrypt', cost.logN, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$')
}

/** A hash no password matches, verified for unknown users so timing does not tell who exists. */
export const DECOY_HASH = `scrypt$${SCRYPT_COST.logN}$${SCRYPT_COST.r}$${SCRYPT_COST.p}$${Buffer.alloc(SALT_BYTES).toString('base64')}$${Buffer.alloc(KEY_BYTES).toString('base64')}`

/** Whether `password` matches `stored`; false (never a throw) for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64')
  const cost = [Number(logN), Number(r), Number(p)]
  if (cost.some((n) => !Number.isInteger(n) || n < 1) || cost[0]! > 20) return false
  const actual = await derive(password, Buffer.from(salt, 'base64'), cost[0]!, cost[1]!, cost[2]!)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
