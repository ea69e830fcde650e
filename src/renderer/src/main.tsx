import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { installDiagnosticsProbe } from './app/diagnosticsProbe'
import { createRuntime } from './app/runtime'
import { createNavigator } from './features/displays/navigator'
import { formatRoute, type Route } from './features/displays/route'
import { createTransport } from './lib/transport'
import './app/theme.css'

const runtime = createRuntime(createTransport())
const navigator = createNavigator(window)
// A wall display (or a bench) shows more tiles per overview screen: `?tiles=500`.
const tilesPerScreen = Number(new URLSearchParams(window.location.search).get('tiles')) || undefined
// A display in a window of its own: a new tab in a browser, a new window the shell makes on the desktop.
const openWindow = (route: Route): void => void window.open(formatRoute(route), '_blank', 'noopener')
installDiagnosticsProbe(runtime.samples.latency, window.location.search)
// A page kept in the back/forward cache may come back; only a page that is really going away lets go.
window.addEventListener('pagehide', (event) => {
  if (!event.persisted) runtime.dispose()
})

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App runtime={runtime} navigator={navigator} openWindow={openWindow} tilesPerScreen={tilesPerScreen} />
  </StrictMode>
)
