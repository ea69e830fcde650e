/**
 * A table's column headers; `action` adds a last column for row buttons, named for screen
 * readers but with no visible heading.
 */
export function TableHead({ columns, action = false }: { columns: readonly string[]; action?: boolean }) {
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
            <span className="visually-hidden">Action</span>
          </th>
        ) : null}
      </tr>
    </thead>
  )
}
