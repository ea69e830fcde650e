import { z } from 'zod'

/**
 * Schemas of the commissioning features: operator writes, the client PKI (certificates an
 * engineer trusts), and per-connection diagnostics. The contract references them.
 */

export const TagWriteInputSchema = z.strictObject({
  tag: z.string().min(1).max(200),
  value: z.number()
})

/** A write the server accepted: the value read just before it, the value written, and the server's StatusCode name. */
export const TagWriteResultSchema = z.object({
  tag: z.string(),
  /** The tag's value read from the server right before the write; null when it had none. */
  oldValue: z.number().nullable(),
  newValue: z.number(),
  unit: z.string(),
  statusCode: z.string()
})
export type TagWriteResult = z.infer<typeof TagWriteResultSchema>

/**
 * A certificate of the client PKI (OPC UA Part 6 folders). `thumbprint` is the SHA-1 of the
 * DER, 40 hex digits, as OPC UA names certificates (Part 4 §7.2, ApplicationInstanceCertificate).
 */
export const CertificateInfoSchema = z.object({
  thumbprint: z.string().regex(/^[0-9a-f]{40}$/),
  subject: z.string(),
  issuer: z.string(),
  /** Epoch ms. */
  validFrom: z.number(),
  validTo: z.number(),
  /** The ApplicationUri in subjectAltName, when there is one. */
  applicationUri: z.string().optional(),
  /** `own`: Plantwatch's own (give it to the server); `trusted`: in trusted/certs; `rejected`: in rejected/, waiting for an engineer's decision. */
  status: z.enum(['own', 'trusted', 'rejected']),
  file: z.string()
})
export type CertificateInfo = z.infer<typeof CertificateInfoSchema>

export const ThumbprintInputSchema = z.strictObject({
  thumbprint: z
    .string()
    .transform((t) => t.replace(/[:\s]/g, '').toLowerCase())
    .pipe(z.string().regex(/^[0-9a-f]{40}$/, 'a thumbprint is 40 hex digits (SHA-1), colons allowed'))
})

/** One subscription of a connection as the server revised it. */
export const SubscriptionDiagnosticsSchema = z.object({
  subscriptionId: z.number(),
  publishingIntervalMs: z.number(),
  lifetimeCount: z.number(),
  maxKeepAliveCount: z.number(),
  monitoredItems: z.number().int().nonnegative()
})

/** What an engineer needs to see to judge one OPC UA connection (issue 10 item 13). */
export const ConnectionDiagnosticsSchema = z.object({
  endpoint: z.string(),
  status: z.enum(['connecting', 'connected', 'reconnecting', 'failed', 'stopped']),
  /** Epoch ms of the last status change. */
  since: z.number(),
  securityMode: z.string(),
  securityPolicy: z.string(),
  /** The server's certificate of the live session; null without one (no session, or security None and none sent). */
  peerCertificate: CertificateInfoSchema.omit({ status: true, file: true }).nullable(),
  session: z.object({ sessionId: z.string(), name: z.string(), timeoutMs: z.number() }).nullable(),
  subscriptions: z.array(SubscriptionDiagnosticsSchema),
  /** Tags by health: good, warning, error, pending; and the tags with trouble, with reasons. */
  items: z.object({
    total: z.number().int().nonnegative(),
    good: z.number().int().nonnegative(),
    warning: z.number().int().nonnegative(),
    error: z.number().int().nonnegative(),
    pending: z.number().int().nonnegative(),
    problems: z.array(z.object({ tag: z.string(), nodeId: z.string(), state: z.string(), code: z.string().optional(), message: z.string().optional() }))
  }),
  /** Values received per second over the last 10 s. */
  notificationsPerS: z.number().nonnegative(),
  /** Times the link went from connected to reconnecting or failed since start. */
  reconnects: z.number().int().nonnegative(),
  lastError: z.object({ at: z.number(), message: z.string() }).nullable()
})
export type ConnectionDiagnostics = z.infer<typeof ConnectionDiagnosticsSchema>
