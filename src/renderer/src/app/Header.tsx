import { SHORTCUT_HELP } from './shortcuts'

interface HeaderProps {
  equipment: readonly string[]
  selected: string | null
  onSelect(equipment: string): void
}

/** Title, the unit in view and the keyboard help line. */
export function Header({ equipment, selected, onSelect }: HeaderProps) {
  return (
    <header className="app-header">
      <h1 className="app-title">Plantwatch</h1>
      <label className="unit-picker">
        Unit
        <select value={selected ?? ''} data-shortcut="unit" onChange={(event) => onSelect(event.target.value)}>
          {equipment.length === 0 ? <option value="">—</option> : null}
          {equipment.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <p className="shortcut-help">Keys: {SHORTCUT_HELP}</p>
    </header>
  )
}
