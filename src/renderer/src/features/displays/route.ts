/**
 * Which display is on screen, written in the URL hash so a link (or a reload) opens the
 * same display: `#/` the plant overview, `#/area/Conveying/2` page 2 of an area,
 * `#/equipment/CV-101` an equipment display, `…/tag/CV-101.Vibration` with its faceplate
 * open, `…/log/42` with log entry 42 shown in its log (a work order's link), `#/alarms` the alarm summary, `#/alarms/<alarm id>/<epoch ms>` it on one alarm as seen
 * at that time (a trend's alarm marker). The hash never reaches the host, so the web host's
 * static serving and its CSP are untouched.
 */
export type Route =
  | { display: 'overview'; area?: string; page?: number }
  | { display: 'alarms'; alarm?: string; at?: number }
  | { display: 'equipment'; equipment: string; tag?: string; log?: number }

export const OVERVIEW: Route = { display: 'overview' }

const decode = (part: string): string | undefined => {
  try {
    const text = decodeURIComponent(part)
    return text.length > 0 ? text : undefined
  } catch {
    return undefined
  }
}

/** Reads a hash (with or without `#`); anything it does not know opens the overview. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#?\/?/, '').split('/')
  const [head, first, second, third] = parts
  if (head === 'alarms') {
    const alarm = first === undefined ? undefined : decode(first)
    if (alarm === undefined) return { display: 'alarms' }
    const at = second === undefined ? undefined : Number(second)
    return at !== undefined && Number.isSafeInteger(at) && at >= 0 ? { display: 'alarms', alarm, at } : { display: 'alarms', alarm }
  }
  if (head === 'equipment' && first !== undefined) {
    const equipment = decode(first)
    if (equipment === undefined) return OVERVIEW
    const tag = second === 'tag' && third !== undefined ? decode(third) : undefined
    if (tag !== undefined) return { display: 'equipment', equipment, tag }
    const log = second === 'log' && third !== undefined ? Number(third) : undefined
    return log !== undefined && Number.isSafeInteger(log) && log > 0 ? { display: 'equipment', equipment, log } : { display: 'equipment', equipment }
  }
  if (head === 'area' && first !== undefined) {
    const area = decode(first)
    if (area === undefined) return OVERVIEW
    const page = second === undefined ? undefined : Number(second)
    return page !== undefined && Number.isInteger(page) && page >= 1 ? { display: 'overview', area, page } : { display: 'overview', area }
  }
  return OVERVIEW
}

/** The hash of a route, `#/…`; `parseRoute(formatRoute(r))` gives `r` back. */
export function formatRoute(route: Route): string {
  switch (route.display) {
    case 'alarms':
      if (route.alarm === undefined) return '#/alarms'
      return `#/alarms/${encodeURIComponent(route.alarm)}${route.at === undefined ? '' : `/${route.at}`}`
    case 'equipment':
      return `#/equipment/${encodeURIComponent(route.equipment)}${route.tag !== undefined ? `/tag/${encodeURIComponent(route.tag)}` : route.log !== undefined ? `/log/${route.log}` : ''}`
    case 'overview':
      if (route.area === undefined) return '#/'
      return `#/area/${encodeURIComponent(route.area)}${route.page === undefined || route.page === 1 ? '' : `/${route.page}`}`
  }
}

export const sameRoute = (a: Route, b: Route): boolean => formatRoute(a) === formatRoute(b)
