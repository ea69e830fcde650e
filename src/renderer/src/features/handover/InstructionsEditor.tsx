import { useEffect, useId, useState } from 'react'
import type { ContractClient } from '../../../../shared/contract'
import type { StandingInstruction } from '../../../../shared/handover'

/** Standing instructions in force: they go into every report until someone clears them. */
export function InstructionsEditor({ client, canWrite, open, onMessage }: { client: ContractClient; canWrite: boolean; open: boolean; onMessage(m: string): void }) {
  const id = useId()
  const [list, setList] = useState<StandingInstruction[]>([])
  const [text, setText] = useState('')
  const load = async (): Promise<void> => {
    const result = await client.invoke('report:instructions', undefined)
    if (result.ok) setList(result.data)
  }
  useEffect(() => {
    if (open) void load()
  }, [open])
  async function run(what: string, call: () => Promise<{ ok: boolean; error?: { message: string } }>): Promise<void> {
    const result = await call()
    onMessage(result.ok ? what : (result.error?.message ?? 'failed'))
    await load()
  }
  return (
    <section aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="handover-heading">
        Standing instructions
      </h3>
      {list.length === 0 ? <p className="muted">None in force.</p> : null}
      <ul aria-label="Standing instructions">
        {list.map((i) => (
          <li key={i.id}>
            {i.text} <span className="muted">({i.author})</span>{' '}
            {canWrite ? (
              <button type="button" aria-label={`Clear instruction: ${i.text}`} onClick={() => void run('Instruction cleared.', () => client.invoke('report:clearInstruction', { id: i.id }))}>
                Clear
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canWrite ? (
        <form
          className="handover-form"
          onSubmit={(e) => {
            e.preventDefault()
            void run('Instruction added.', () => client.invoke('report:addInstruction', { text })).then(() => setText(''))
          }}
        >
          <label htmlFor={`${id}-text`}>New standing instruction</label>
          <input id={`${id}-text`} value={text} onChange={(e) => setText(e.target.value)} />
          <button type="submit" disabled={!text.trim()}>
            Add instruction
          </button>
        </form>
      ) : null}
    </section>
  )
}
