import { useEffect, useState } from 'react'
import type { ContractClient, PenSet } from '../../../../shared/contract'

interface PenSetPickerProps {
  client: ContractClient
  /** The pens shown now, saved under a name. */
  pens: readonly string[]
  /** Shows a saved set's pens (the panel keeps those the tag map still has). */
  onLoad(tags: string[]): void
}

/** The signed-in user's saved pen sets: pick one to show it, or save the pens shown under a name. */
export function PenSetPicker({ client, pens, onLoad }: PenSetPickerProps) {
  const [sets, setSets] = useState<PenSet[]>([])
  const [name, setName] = useState('')
  const [message, setMessage] = useState('')

  useEffect(() => {
    let current = true
    void client.invoke('pensets:list', undefined).then((result) => {
      if (current && result.ok) setSets(result.data)
    })
    return () => {
      current = false
    }
  }, [client])

  const save = async (): Promise<void> => {
    const result = await client.invoke('pensets:save', { name, tags: [...pens] })
    if (!result.ok) {
      setMessage(result.error.message)
      return
    }
    setSets((previous) => [...previous.filter((set) => set.name !== result.data.name), result.data].sort((a, b) => a.name.localeCompare(b.name)))
    setMessage(`saved "${result.data.name}"`)
  }

  return (
    <div className="pen-sets">
      <label>
        Pen set
        <select
          aria-label="Pen set"
          value=""
          onChange={(event) => {
            const set = sets.find((s) => s.name === event.target.value)
            if (set) {
              onLoad(set.tags)
              setName(set.name)
              setMessage(`showing "${set.name}"`)
            }
          }}
        >
          <option value="">{sets.length ? 'load…' : 'none saved'}</option>
          {sets.map((set) => (
            <option key={set.name} value={set.name}>
              {set.name}
            </option>
          ))}
        </select>
      </label>
      <input aria-label="Pen set name" value={name} maxLength={80} placeholder="name" onChange={(event) => setName(event.target.value)} />
      <button type="button" disabled={!name.trim() || pens.length === 0} onClick={() => void save()}>
        Save pen set
      </button>
      <span className="muted" role="status">
        {message}
      </span>
    </div>
  )
}
