import { forwardRef, useId, type ReactNode } from 'react'

/**
 * A modal `<dialog>` named by its title (role dialog, Escape closes, focus stays inside).
 * Open it with `ref.current.showModal()`.
 */
export const Dialog = forwardRef<HTMLDialogElement, { title: string; children: ReactNode; wide?: boolean; onClose?: () => void; className?: string }>(function Dialog(
  { title, children, wide, onClose, className },
  ref
) {
  const id = useId()
  return (
    <dialog ref={ref} className={`panel dialog${wide ? ' dialog-wide' : ''}${className ? ` ${className}` : ''}`} aria-labelledby={`${id}-title`} onClose={onClose}>
      <header className="dialog-header">
        <h2 id={`${id}-title`} className="panel-title">
          {title}
        </h2>
        <form method="dialog">
          <button type="submit" aria-label={`Close ${title}`}>
            Close
          </button>
        </form>
      </header>
      {children}
    </dialog>
  )
})
