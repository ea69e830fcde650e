import { z } from 'zod'
import type { AlarmPriority } from './domain'

/**
 * One OPC UA condition (Part 9 Alarms & Conditions) as the server last reported it, for the
 * alarm list. Only the condition's current state is kept (events with a BranchId, previous
 * states awaiting acknowledgement, are left out).
 */
export const ServerConditionSchema = z.object({
  /** The condition's NodeId as text (`ns=2;s=PU-401.DischargePressureAlarm`); methods are called on it. */
  conditionId: z.string(),
  conditionName: z.string(),
  /** SourceName: the equipment or variable the condition watches. */
  sourceName: z.string(),
  /** SourceNode as text. */
  sourceNode: z.string(),
  message: z.string(),
  /** OPC UA severity 1…1000 (Part 5 BaseEventType.Severity); see {@link severityToPriority}. */
  severity: z.number().int().min(1).max(1000),
  active: z.boolean(),
  acked: z.boolean(),
  /** Absent when the condition has no ConfirmedState (Confirm is optional in Part 9). */
  confirmed: z.boolean().optional(),
  /** Absent when the alarm has no ShelvingState. */
  shelved: z.boolean().optional(),
  /**
   * False: the condition leaves the list (back to normal, acknowledged, confirmed where it has
   * Confirm; or the server cleared Retain). An active condition is always retained.
   */
  retain: z.boolean(),
  /** The event's Time, epoch ms. */
  time: z.number(),
  /** EventId of the latest event, base64: Acknowledge and Confirm name the state they answer by it. */
  eventId: z.string(),
  /** The last comment on the condition (Part 9 Comment). */
  comment: z.string().optional()
})
export type ServerCondition = z.infer<typeof ServerConditionSchema>

/**
 * OPC UA severity (1…1000) to Plantwatch's 4 ISA-18.2 priorities, by the severity bands the
 * OPC Foundation's companion specifications use (OPC 40250-1 Compressed Air Systems, §6.6.1
 * Table 10: HIGH 801–1000, MEDIUM HIGH 601–800, MEDIUM 401–600, MEDIUM LOW 201–400,
 * LOW 1–200), with MEDIUM and MEDIUM LOW sharing priority 3:
 * 801–1000 → 1, 601–800 → 2, 201–600 → 3, 1–200 → 4. Out-of-range values are clamped.
 */
export function severityToPriority(severity: number): AlarmPriority {
  if (severity > 800) return 1
  if (severity > 600) return 2
  if (severity > 200) return 3
  return 4
}
