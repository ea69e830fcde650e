import { useRef, useState } from 'react'
import type { SessionState } from '../../../../shared/access'
import type { ContractClient } from '../../../../shared/contract'
import type { TagInfo } from '../../../../shared/domain'
import { Dialog } from '../../lib/Dialog'
import type { SampleStore } from '../../lib/sampleStore'
import { may } from '../session/access'
import { Diagnostics } from './Diagnostics'
import { WriteValue } from './WriteValue'

/** Header buttons of the commissioning views: operator writes and the connection diagnostics (with certificates). */
export function CommissioningButtons({ client, session, tags, samples }: { client: ContractClient; session: SessionState; tags: readonly TagInfo[]; samples: SampleStore }) {
  const write = useRef<HTMLDialogElement>(null)
  const diagnostics = useRef<HTMLDialogElement>(null)
  const [diagnosticsOpen, setDiagnosticsOpen] = useState(false)
  const canWrite = may(session, 'operator') && tags.some((t) => t.writable === true)
  return (
    <>
      {canWrite ? (
        <button type="button" onClick={() => write.current?.showModal()}>
          Write value
        </button>
      ) : null}
      <button
        type="button"
        onClick={() => {
          setDiagnosticsOpen(true)
          diagnostics.current?.showModal()
        }}
      >
        Diagnostics
      </button>
      {canWrite ? (
        <Dialog ref={write} title="Write value">
          <WriteValue client={client} tags={tags} samples={samples} />
        </Dialog>
      ) : null}
      <Dialog ref={diagnostics} title="Diagnostics" wide onClose={() => setDiagnosticsOpen(false)}>
        <Diagnostics client={client} open={diagnosticsOpen} canTrust={may(session, 'engineer')} />
      </Dialog>
    </>
  )
}
