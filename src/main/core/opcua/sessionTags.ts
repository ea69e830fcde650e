import type { StatusCode } from 'node-opcua'
import type { TagInfo } from '../../../shared/domain'
import type { Resolved } from './resolveNodeIds'
import type { RatedTag } from './subscriptionSet'
import type { TagHealthTable } from './tagHealth'

/**
 * The tags of a connection as a new session sees them: each resolved NodeId with its rate,
 * sampling, queue and deadband settings, and each tag's health from what the server said.
 * A tag that fails is marked in the health table and left out; the others carry on.
 */

/**
 * The tags to monitor: tag i with `nodeIds[i]` and the publishing interval of its own, else
 * `defaultIntervalMs`. A tag whose NodeId did not resolve is marked an error and left out.
 */
export function ratedTags(tags: readonly TagInfo[], nodeIds: readonly Resolved[], defaultIntervalMs: number, health: TagHealthTable): RatedTag[] {
  const resolved: RatedTag[] = []
  nodeIds.forEach((r, index) => {
    if ('error' in r) return health.set(index, { state: 'error', code: r.error.code, message: r.error.message })
    const tag = tags[index]!
    resolved.push({
      index,
      nodeId: r.nodeId,
      publishingIntervalMs: tag.publishingIntervalMs ?? defaultIntervalMs,
      ...(tag.samplingIntervalMs === undefined ? {} : { samplingIntervalMs: tag.samplingIntervalMs }),
      ...(tag.queueSize === undefined ? {} : { queueSize: tag.queueSize }),
      ...(tag.dataChangeDeadband === undefined ? {} : { dataChangeDeadband: tag.dataChangeDeadband })
    })
  })
  return resolved
}

/**
 * Records the server's answer for each monitored item: a tag whose item the server refused is
 * an error naming its StatusCode; one it monitors is good again (if it was pending or in error).
 * Returns how many tags are monitored.
 */
export function recordItemHealth(resolved: readonly RatedTag[], itemStatus: ReadonlyMap<number, StatusCode>, health: TagHealthTable): number {
  let monitored = 0
  for (const { index } of resolved) {
    const status = itemStatus.get(index)
    if (status && status.isNotGood()) {
      health.set(index, { state: 'error', code: status.name, message: `the server refuses to monitor this node: ${status.description}` })
    } else {
      monitored++
      if (health.get(index).state === 'pending' || health.get(index).state === 'error') health.set(index, { state: 'good' })
    }
  }
  return monitored
}
