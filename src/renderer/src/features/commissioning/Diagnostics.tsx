import { useEffect, useState } from 'react'
import type { CertificateInfo, ConnectionDiagnostics } from '../../../../shared/commissioning'
import type { ContractClient } from '../../../../shared/contract'
import { TableHead } from '../../lib/TableHead'

/** The view refreshes this often while open: the notification rate and states move. */
const REFRESH_MS = 2_000
const time = (ms: number): string => new Date(ms).toLocaleString()

/**
 * Per OPC UA connection: state and since when, endpoint and security, the server's certificate,
 * session, subscriptions, monitored items and their health, notifications/s, reconnects, the
 * last error; then the client PKI, where an engineer trusts a rejected server certificate.
 */
export function Diagnostics({ client, open, canTrust }: { client: ContractClient; open: boolean; canTrust: boolean }) {
  const [connections, setConnections] = useState<ConnectionDiagnostics[] | null>(null)
  const [certificates, setCertificates] = useState<CertificateInfo[]>([])
  const [message, setMessage] = useState<string | null>(null)
  const load = async (): Promise<void> => {
    const [diag, pki] = await Promise.all([client.invoke('diagnostics:get', undefined), client.invoke('pki:list', undefined)])
    if (diag.ok) setConnections(diag.data.connections ?? [])
    else setMessage(diag.error.message)
    if (pki.ok) setCertificates(pki.data)
  }
  useEffect(() => {
    if (!open) return
    void load()
    const timer = setInterval(() => void load(), REFRESH_MS)
    return () => clearInterval(timer)
  }, [open])

  async function decide(cert: CertificateInfo, verb: 'trust' | 'reject'): Promise<void> {
    const question =
      verb === 'trust'
        ? `Trust ${cert.subject}?\nThumbprint ${cert.thumbprint}\nCheck it with the server's administrator first. The connection uses it at its next retry.`
        : `Stop trusting ${cert.subject}? Connections to it are refused from the next one.`
    if (!window.confirm(question)) return
    const result = await client.invoke(verb === 'trust' ? 'pki:trust' : 'pki:reject', { thumbprint: cert.thumbprint })
    setMessage(result.ok ? `${verb === 'trust' ? 'Trusted' : 'Rejected'}: ${result.data.subject}.` : result.error.message)
    await load()
  }

  if (connections === null) return <p className="muted">Loading…</p>
  return (
    <div className="diagnostics">
      {connections.map((c) => (
        <section key={c.endpoint} aria-label={`Connection ${c.endpoint}`}>
          <h3>{c.endpoint}</h3>
          <dl className="diagnostics-list">
            <dt>State</dt>
            <dd>
              {c.status} since {time(c.since)}
            </dd>
            <dt>Security</dt>
            <dd>
              {c.securityMode} / {c.securityPolicy}
            </dd>
            <dt>Server certificate</dt>
            <dd>{c.peerCertificate ? `${c.peerCertificate.subject}, thumbprint ${c.peerCertificate.thumbprint}, valid to ${time(c.peerCertificate.validTo)}` : 'none (no session, or none sent)'}</dd>
            <dt>Session</dt>
            <dd>{c.session ? `${c.session.sessionId} (timeout ${Math.round(c.session.timeoutMs / 1000)} s)` : 'none'}</dd>
            <dt>Subscriptions</dt>
            <dd>
              {c.subscriptions.length === 0
                ? 'none'
                : c.subscriptions.map((s) => `#${s.subscriptionId}: ${s.monitoredItems} items every ${s.publishingIntervalMs} ms, lifetime ${s.lifetimeCount}, keep-alive ${s.maxKeepAliveCount}`).join('; ')}
            </dd>
            <dt>Monitored items</dt>
            <dd>
              {c.items.total} tags: {c.items.good} good, {c.items.warning} with a warning, {c.items.error} in error, {c.items.pending} pending
            </dd>
            <dt>Notifications</dt>
            <dd>{c.notificationsPerS} values/s (last 10 s)</dd>
            <dt>Reconnects</dt>
            <dd>{c.reconnects}</dd>
            <dt>Last error</dt>
            <dd>{c.lastError ? `${time(c.lastError.at)}: ${c.lastError.message}` : 'none'}</dd>
          </dl>
          {c.items.problems.length > 0 ? (
            <table className="audit-table" aria-label={`Tags with trouble on ${c.endpoint}`}>
              <TableHead columns={['Tag', 'NodeId', 'Health', 'Why']} />
              <tbody>
                {c.items.problems.map((p) => (
                  <tr key={p.tag}>
                    <td>{p.tag}</td>
                    <td>{p.nodeId}</td>
                    <td>{p.state}</td>
                    <td>{[p.code, p.message].filter(Boolean).join(': ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ))}
      <h3>Certificates</h3>
      <table className="audit-table" aria-label="Certificates">
        <TableHead columns={['Status', 'Subject', 'Issuer', 'Valid', 'Thumbprint']} action />
        <tbody>
          {certificates.map((cert) => (
            <tr key={`${cert.status}-${cert.thumbprint}`} className={cert.status === 'rejected' ? 'cert-rejected' : undefined}>
              <td>{cert.status}</td>
              <td>{cert.subject}</td>
              <td>{cert.issuer}</td>
              <td>
                {time(cert.validFrom)} to {time(cert.validTo)}
                {Date.now() > cert.validTo ? ' (expired)' : ''}
              </td>
              <td className="thumbprint">{cert.thumbprint}</td>
              <td>
                {canTrust && cert.status === 'rejected' ? (
                  <button type="button" aria-label={`Trust ${cert.subject} ${cert.thumbprint}`} onClick={() => void decide(cert, 'trust')}>
                    Trust
                  </button>
                ) : null}
                {canTrust && cert.status === 'trusted' ? (
                  <button type="button" aria-label={`Reject ${cert.subject} ${cert.thumbprint}`} onClick={() => void decide(cert, 'reject')}>
                    Reject
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {message ? (
        <p role="status" className="muted">
          {message}
        </p>
      ) : null}
    </div>
  )
}
