import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App'
import { installDiagnosticsProbe } from './app/diagnosticsProbe'
import { createRuntime } from './app/runtime'
import { createNavigator } from './features/displays/navigator'
import { createTransport } from './lib/transport'
import './app/theme.css'

const runtime = createRuntime(createTransport())
const navigator = createNavigator(window)
installDiagnosticsProbe(runtime.samples.latency, window.location.search)
// A page kept in the back/forward cache may come back; only a page that is really going away lets go.
window.addEventListener('pagehide', (event) => {
  if (!event.persisted) runtime.dispose()
})

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App runtime={runtime} navigator={navigator} />
  </StrictMode>
)
