import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AttributeIds, MessageSecurityMode, SecurityPolicy, UserTokenType } from 'node-opcua'
import { connect, ownCertDer, startTestPlant } from './helpers'

let env: Awaited<ReturnType<typeof startTestPlant>>
let clientPki: string
const USER = { type: UserTokenType.UserName, userName: 'alice', password: 's3cret' } as const

beforeAll(async () => {
  env = await startTestPlant({ users: [{ username: 'alice', password: 's3cret' }] })
  clientPki = join(env.dir, 'client-pki')
})
afterAll(async () => {
  await env?.dispose()
})

describe('demo plant security', () => {
  it('refuses a client certificate it does not trust', async () => {
    await expect(
      connect(env.plant.endpointUrl, env.dir, env.pkiDir, {
        clientPki,
        trustServer: true,
        securityMode: MessageSecurityMode.SignAndEncrypt,
        securityPolicy: SecurityPolicy.Basic256Sha256,
        userIdentity: USER
      })
    ).rejects.toThrow()
    const rejected = await readdir(join(env.pkiDir, 'rejected')).catch(() => [])
    expect(rejected.length).toBeGreaterThan(0)
  })

  it('connects in every security mode once the client certificate is trusted', async () => {
    await env.plant.trustClientCertificate(await ownCertDer(clientPki))
    const combos: Array<[SecurityPolicy, MessageSecurityMode]> = [[SecurityPolicy.None, MessageSecurityMode.None]]
    for (const p of [SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes128_Sha256_RsaOaep, SecurityPolicy.Aes256_Sha256_RsaPss]) {
      for (const m of [MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt]) combos.push([p, m])
    }
    for (const [securityPolicy, securityMode] of combos) {
      const c = await connect(env.plant.endpointUrl, env.dir, env.pkiDir, { clientPki, trustServer: true, securityMode, securityPolicy, userIdentity: USER })
      const dv = await c.session.read({ nodeId: `ns=${c.ns};s=CV-101.MotorTemp`, attributeId: AttributeIds.Value })
      expect(dv.statusCode.isGood(), `${securityPolicy} ${MessageSecurityMode[securityMode]}`).toBe(true)
      expect(c.client.securityMode).toBe(securityMode)
      expect(c.client.securityPolicy).toBe(securityPolicy)
      await c.close()
    }
  })

  it('refuses a wrong password', async () => {
    await expect(
      connect(env.plant.endpointUrl, env.dir, env.pkiDir, {
        clientPki,
        trustServer: true,
        securityMode: MessageSecurityMode.SignAndEncrypt,
        securityPolicy: SecurityPolicy.Basic256Sha256,
        userIdentity: { ...USER, password: 'wrong' }
      })
    ).rejects.toThrow(/BadUserAccessDenied|BadIdentityTokenRejected|BadIdentityTokenInvalid/)
  })

  it('does not connect to a server whose certificate the client has not trusted', async () => {
    await expect(
      connect(env.plant.endpointUrl, env.dir, env.pkiDir, {
        securityMode: MessageSecurityMode.SignAndEncrypt,
        securityPolicy: SecurityPolicy.Basic256Sha256,
        userIdentity: USER
      })
    ).rejects.toThrow()
  })

  it('--secure-only drops the None endpoint and anonymous access', async () => {
    const secure = await startTestPlant({ secureOnly: true, users: [{ username: 'alice', password: 's3cret' }] })
    try {
      await expect(connect(secure.plant.endpointUrl, secure.dir, secure.pkiDir, {})).rejects.toThrow(/BadSecurityPolicyRejected/)
      await secure.plant.trustClientCertificate(await ownCertDer(clientPki))
      const secureOpts = { clientPki, trustServer: true, securityMode: MessageSecurityMode.SignAndEncrypt, securityPolicy: SecurityPolicy.Basic256Sha256 }
      await expect(connect(secure.plant.endpointUrl, secure.dir, secure.pkiDir, secureOpts)).rejects.toThrow()
      const c = await connect(secure.plant.endpointUrl, secure.dir, secure.pkiDir, { ...secureOpts, userIdentity: USER })
      const endpoints = await c.client.getEndpoints()
      expect(endpoints.some((e) => e.securityMode === MessageSecurityMode.None)).toBe(false)
      for (const e of endpoints) expect(e.userIdentityTokens?.some((t) => t.tokenType === UserTokenType.Anonymous)).toBe(false)
      await c.close()
    } finally {
      await secure.dispose()
    }
  })
})
