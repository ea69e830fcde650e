import { roleAtLeast, type Role, type SessionState } from '../../../../shared/access'

/** Whether the session's user may do what `least` may; the host checks again on every call. */
export const may = (session: SessionState | null, least: Role): boolean => session?.user != null && roleAtLeast(session.user.role, least)
