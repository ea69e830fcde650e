import { z } from 'zod'

/**
 * Roles, least to most trusted; each role may do everything the ones before it may
 * (IEC 62443-3-3 SR 1.1 unique identification, SR 2.1 authorization enforcement).
 * - `viewer` reads everything and changes nothing;
 * - `operator` also acknowledges alarms, adds log entries and completes work;
 * - `engineer` also changes the tag map and detector settings;
 * - `supervisor` also signs handover reports, sees KPIs and browses the audit trail;
 * - `admin` also manages users.
 */
export const ROLES = ['viewer', 'operator', 'engineer', 'supervisor', 'admin'] as const
export const RoleSchema = z.enum(ROLES)
export type Role = z.infer<typeof RoleSchema>

/**
 * Who may call a command: `public` needs no sign-in (signing in itself); a role means
 * that role or a higher one. A `viewer` command is also open to a locked desktop console,
 * because seeing the plant and its alarms is never blocked by authentication.
 */
export type Access = 'public' | Role

/** Whether `role` may do what `least` may. */
export const roleAtLeast = (role: Role, least: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(least)

/** User names: what an operator types, and what audit records keep forever. */
export const USER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
export const UserNameSchema = z.string().regex(USER_NAME_PATTERN, 'a user name is 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit')
/** NIST SP 800-63B §5.1.1.2: at least 8 characters, at most 64 accepted without truncation. */
export const PASSWORD_MIN_LENGTH = 8
export const PASSWORD_MAX_LENGTH = 256
export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `a password needs at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH)

export const UserSchema = z.object({
  name: z.string(),
  role: RoleSchema,
  /** Disabled accounts cannot sign in; they are never deleted, so audit records keep their meaning. */
  disabled: z.boolean(),
  createdAt: z.number()
})
export type User = z.infer<typeof UserSchema>

/**
 * What this console or browser session may do now. `user` is null when nobody is
 * signed in or the console is locked; `canView` says whether plant data may be read
 * (a locked desktop console always; a web session once someone has signed in on it).
 */
export const SessionStateSchema = z.object({
  user: z.object({ name: z.string(), role: RoleSchema }).nullable(),
  canView: z.boolean(),
  /** Lock the console after this long without keyboard or pointer input (ms); 0: never. */
  idleLockMs: z.number().int().nonnegative(),
  /** True when stored secrets (the OPC UA password) are kept unencrypted on this host. */
  secretsUnencrypted: z.boolean().optional()
})
export type SessionState = z.infer<typeof SessionStateSchema>

/** One record of the tamper-evident audit trail (see core/audit). Times are epoch ms. */
export const AuditRecordSchema = z.object({
  seq: z.number().int().positive(),
  at: z.number(),
  /** Null when nobody was signed in (a refused call, a failed sign-in). */
  user: z.string().nullable(),
  /** `ipc`, `ws <peer>` or `cli`. */
  origin: z.string(),
  command: z.string(),
  /** The input, secrets redacted, shortened. */
  summary: z.string(),
  /** `ok`, or the contract error code. */
  result: z.string(),
  prevHash: z.string(),
  hash: z.string()
})
export type AuditRecord = z.infer<typeof AuditRecordSchema>
