/**
 * The OPC UA StatusCodes a server puts on a variable's value, by name: the data-access codes
 * of Part 8 §6.3.2, the common service codes of Part 4 §7.39 that a read or a monitored item
 * can carry, and the ones a monitored item or a write may be refused with. `shared` cannot
 * import node-opcua (the renderer bundles it), so test/statusCodes.test.ts checks every entry
 * against node-opcua's list of the spec's codes.
 */
export const VALUE_STATUS_CODES = {
  Good: 0x00000000,
  GoodOverload: 0x002f0000,
  GoodClamped: 0x00300000,
  GoodLocalOverride: 0x00960000,
  Uncertain: 0x40000000,
  UncertainNoCommunicationLastUsableValue: 0x408f0000,
  UncertainLastUsableValue: 0x40900000,
  UncertainSubstituteValue: 0x40910000,
  UncertainInitialValue: 0x40920000,
  UncertainSensorNotAccurate: 0x40930000,
  UncertainEngineeringUnitsExceeded: 0x40940000,
  UncertainSubNormal: 0x40950000,
  UncertainDataSubNormal: 0x40a40000,
  UncertainDominantValueChanged: 0x40de0000,
  UncertainDependentValueChanged: 0x40e20000,
  UncertainSensorCalibration: 0x420a0000,
  UncertainConfigurationError: 0x420f0000,
  Bad: 0x80000000,
  BadUnexpectedError: 0x80010000,
  BadInternalError: 0x80020000,
  BadResourceUnavailable: 0x80040000,
  BadCommunicationError: 0x80050000,
  BadTimeout: 0x800a0000,
  BadShutdown: 0x800c0000,
  BadServerNotConnected: 0x800d0000,
  BadServerHalted: 0x800e0000,
  BadUserAccessDenied: 0x801f0000,
  BadSessionClosed: 0x80260000,
  BadNoCommunication: 0x80310000,
  BadWaitingForInitialData: 0x80320000,
  BadNodeIdInvalid: 0x80330000,
  BadNodeIdUnknown: 0x80340000,
  BadAttributeIdInvalid: 0x80350000,
  BadNotReadable: 0x803a0000,
  BadNotWritable: 0x803b0000,
  BadOutOfRange: 0x803c0000,
  BadNotSupported: 0x803d0000,
  BadTypeMismatch: 0x80740000,
  BadSecureChannelClosed: 0x80860000,
  BadConfigurationError: 0x80890000,
  BadNotConnected: 0x808a0000,
  BadDeviceFailure: 0x808b0000,
  BadSensorFailure: 0x808c0000,
  BadOutOfService: 0x808d0000,
  BadNoData: 0x809b0000,
  BadDataLost: 0x809d0000,
  BadDataUnavailable: 0x809e0000,
  BadInvalidArgument: 0x80ab0000,
  BadConnectionClosed: 0x80ae0000,
  BadNoDataAvailable: 0x80b10000,
  BadDominantValueChanged: 0x80e10000,
  BadDependentValueChanged: 0x80e30000
} as const satisfies Record<string, number>

const NAMES = new Map<number, string>(Object.entries(VALUE_STATUS_CODES).map(([name, code]) => [code, name]))

/**
 * The code without its info bits (Part 4 §7.39: the low 16 bits carry the limit, overflow and
 * historian flags, not what the code means).
 */
const meaning = (status: number): number => (status & 0xffff0000) >>> 0

/** The InfoType "DataValue" (bit 10) says the limit and overflow bits below it are set (Part 4 §7.39). */
const INFO_DATA_VALUE = 0x400
const LIMIT_TEXT = ['', ', low limited', ', high limited', ', constant'] as const
const OVERFLOW = 0x80

/**
 * A StatusCode as an operator or engineer reads it in the server's documentation:
 * `Good`, `UncertainLastUsableValue`, `BadCommunicationError`; with the DataValue info bits
 * (`Good, high limited`). A code not in {@link VALUE_STATUS_CODES} keeps its severity and hex
 * (`Bad (0x80AB1234)`), so nothing is ever shown as a wrong name.
 */
export function statusCodeName(status: number): string {
  const code = meaning(status)
  const severity = code >>> 30 === 0 ? 'Good' : code >>> 30 === 1 ? 'Uncertain' : 'Bad'
  const name = NAMES.get(code) ?? `${severity} (0x${code.toString(16).toUpperCase().padStart(8, '0')})`
  if ((status & INFO_DATA_VALUE) === 0) return name
  return `${name}${LIMIT_TEXT[(status >>> 8) & 3] ?? ''}${status & OVERFLOW ? ', overflow' : ''}`
}

/**
 * Whether an Uncertain code says the value is the last usable one, no longer updated (Part 8
 * §6.3.2: UncertainLastUsableValue, UncertainNoCommunicationLastUsableValue). Other Uncertain
 * codes describe a current value the source doubts (sensor not accurate, substitute…).
 */
export function isLastUsableValue(status: number): boolean {
  const m = meaning(status)
  return m === VALUE_STATUS_CODES.UncertainLastUsableValue || m === VALUE_STATUS_CODES.UncertainNoCommunicationLastUsableValue
}
