import { describe, expect, it } from 'vitest'
import { classifyConnectError, deprecatedPolicyRefusal, inPlantSettings, nextBackoffMs } from './connectionPolicy'

describe('connection policy', () => {
  it('backs off exponentially up to a cap, and waits the cap after a fatal refusal', () => {
    expect([0, 1, 2, 3].map((n) => nextBackoffMs(n, false))).toEqual([1_000, 2_000, 4_000, 8_000])
    expect(nextBackoffMs(50, false)).toBe(30_000)
    expect(nextBackoffMs(0, true)).toBe(30_000)
  })

  it('tells the operator how to trust an untrusted server certificate', () => {
    const { fatal, reason } = classifyConnectError(
      new Error('server Certificate verification failed with err BadCertificateUntrusted (0x801a0000)'),
      '/data/pki/client'
    )
    expect(fatal).toBe(true)
    expect(reason).toMatch(/server certificate not trusted.*Diagnostics → Certificates.*plantwatch pki trust.*moving it from \/data\/pki\/client\/rejected to \/data\/pki\/client\/trusted\/certs/)
    expect(reason).not.toMatch(/changed/)
  })

  it('says when the refused server certificate replaces one that is still trusted (a renewal)', () => {
    const error = new Error('server Certificate verification failed with err BadCertificateUntrusted (0x801a0000)')
    const { fatal, reason } = classifyConnectError(error, '/data/pki/client', { serverCertificateChanged: true })
    expect(fatal).toBe(true)
    expect(reason).toMatch(/^server certificate not trusted: the server's certificate changed since the last connection.*moving it from \/data\/pki\/client\/rejected/)
  })

  it('words refusals and network faults, and retries the ones that can heal', () => {
    expect(classifyConnectError(new Error('BadUserAccessDenied (0x801f0000)'), '/p')).toMatchObject({ fatal: true })
    expect(classifyConnectError(new Error('connect ECONNREFUSED 127.0.0.1:4840'), '/p')).toEqual({
      fatal: false,
      reason: 'connection refused: is the OPC UA server running at this address?'
    })
    expect(classifyConnectError(new Error('BadSecurityPolicyRejected'), '/p').reason).toMatch(/does not offer this security mode/)
  })
})

describe('policies and refusals that retrying cannot heal', () => {
  it('refuses the SHA-1 policies unless explicitly allowed', () => {
    expect(deprecatedPolicyRefusal('Basic128Rsa15', false)).toMatch(/deprecated.*allowDeprecatedPolicies/)
    expect(deprecatedPolicyRefusal('Basic256', false)).toMatch(/deprecated/)
    expect(deprecatedPolicyRefusal('Basic256', true)).toBeUndefined()
    expect(deprecatedPolicyRefusal('Basic256Sha256', false)).toBeUndefined()
    expect(deprecatedPolicyRefusal('Basic256', false, inPlantSettings('/data/settings.json'))).toMatch(/set plant\.allowDeprecatedPolicies in \/data\/settings\.json to true/)
  })

  it('names where the setting to change lives: the settings file, or the connection in the tag map', () => {
    const anonymous = new Error('Cannot find ANONYMOUS user token policy in end point description')
    expect(classifyConnectError(anonymous, '/p').reason).toMatch(/set plant\.user in the settings$/)
    expect(classifyConnectError(anonymous, '/p', { where: inPlantSettings('/data/settings.json') }).reason).toMatch(/set plant\.user in \/data\/settings\.json$/)
    const inMap = (keys: readonly string[]): string => `${keys.join(' and ')} of connection "utility" in the tag map`
    expect(classifyConnectError(anonymous, '/p', { where: inMap }).reason).toMatch(/set user of connection "utility" in the tag map$/)
  })

  it('tells the engineer when the server refuses our certificate, and where it is', () => {
    const { fatal, reason } = classifyConnectError(new Error('The connection has been rejected by server: BadSecurityChecksFailed (0x80130000)'), '/data/pki/client')
    expect(fatal).toBe(true)
    expect(reason).toMatch(/refused Plantwatch's certificate.*\/data\/pki\/client\/own\/certs/)
  })
})
