import type { Operation } from '../types'
import { createGroup, type Group } from './group'

interface SessionSlot {
  anonymous: Group | undefined
  byUser: Map<string, Group> | undefined
}

/**
 * Finds the group of a record without building a composite key string per record: PutEvents groups sit in
 * nested maps (trackingId → sessionId → userId), whose lookups reuse the hash V8 caches on the caller's strings.
 * The other operations (few, slow records) use one map keyed by operation and target.
 */
export class GroupIndex {
  private readonly events = new Map<string, Map<string, SessionSlot>>()
  private readonly others = new Map<string, Group>()
  /** Every live group, for flush() and close(). */
  readonly all = new Set<Group>()

  eventGroup(trackingId: string, sessionId: string, userId: string | undefined): Group {
    let sessions = this.events.get(trackingId)
    if (sessions === undefined) {
      sessions = new Map()
      this.events.set(trackingId, sessions)
    }
    let slot = sessions.get(sessionId)
    if (slot === undefined) {
      slot = { anonymous: undefined, byUser: undefined }
      sessions.set(sessionId, slot)
    }
    if (userId === undefined) {
      if (slot.anonymous === undefined)
        slot.anonymous = this.add('', 'PutEvents', trackingId, sessionId, undefined)
      return slot.anonymous
    }
    if (slot.byUser === undefined) slot.byUser = new Map()
    let group = slot.byUser.get(userId)
    if (group === undefined) {
      group = this.add('', 'PutEvents', trackingId, sessionId, userId)
      slot.byUser.set(userId, group)
    }
    return group
  }

  otherGroup(operation: Operation, target: string): Group {
    const key = `${operation}\u0000${target}`
    let group = this.others.get(key)
    if (group === undefined) {
      group = this.add(key, operation, target, undefined, undefined)
      this.others.set(key, group)
    }
    return group
  }

  /** Forgets an empty, idle group so sessions that ended cost no memory. */
  delete(group: Group): void {
    if (!this.all.delete(group)) return
    if (group.operation !== 'PutEvents') {
      this.others.delete(group.key)
      return
    }
    const sessions = this.events.get(group.target)
    const slot = sessions?.get(group.sessionId as string)
    if (sessions === undefined || slot === undefined) return
    if (group.userId === undefined) {
      if (slot.anonymous === group) slot.anonymous = undefined
    } else if (slot.byUser?.get(group.userId) === group) {
      slot.byUser.delete(group.userId)
      if (slot.byUser.size === 0) slot.byUser = undefined
    }
    if (slot.anonymous === undefined && slot.byUser === undefined) {
      sessions.delete(group.sessionId as string)
      if (sessions.size === 0) this.events.delete(group.target)
    }
  }

  private add(
    key: string,
    operation: Operation,
    target: string,
    sessionId: string | undefined,
    userId: string | undefined,
  ): Group {
    const group = createGroup(key, operation, target, sessionId, userId)
    this.all.add(group)
    return group
  }
}
