/**
 * A table's column headers; `action` adds a last column for row buttons, named for screen
 * readers ("Action", or the name given) but with no visible heading.
 */
export function TableHead({ columns, action = false }: { columns: readonly string[]; action?: boolean | string }) {
  return (
    <thead>
      <tr>
        {columns.map((name) => (
          <th key={name} scope="col">
            {name}
          </th>
        ))}
        {action ? (
          <th scope="col">
            <span className="visually-hidden">{action === true ? 'Action' : action}</span>
          </th>
        ) : null}
      </tr>
    </thead>
  )
}
