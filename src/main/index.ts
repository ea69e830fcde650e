import { Notification, app, dialog, ipcMain, protocol, safeStorage } from 'electron'
import { consoleLogger } from './core/logger'
import { defaultDataDir } from './core/settings/settings'
import { appPaths } from './hosting/appPaths'
import { loadPlantSettings, openSettingsStore } from './hosting/plantSettings'
import { startPlantwatch, type Plantwatch } from './hosting/startPlantwatch'
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './shell/appProtocol'
import { createConsoleSessions, registerContractHandlers } from './shell/ipcBridge'
import { openWindowSet, type WindowSet } from './shell/windowSet'
import { priorityOneNotices } from './shell/alarmNotifications'
import { safeStorageCodec } from './shell/safeStorageCodec'

// Electron entry: start-up and shutdown only. Everything else is in core (Electron-free) and shell.
const logger = consoleLogger('plantwatch-shell')
const dataDirFlag = process.argv.find((arg) => arg.startsWith('--data-dir='))?.slice('--data-dir='.length)
const dataDir = dataDirFlag ?? defaultDataDir()
// `npm start -- --plant-schedule off` reaches the desktop app as well: its demo plant then runs around the clock.
const scheduleOff = process.argv.some((arg, i) => arg === '--plant-schedule=off' || (arg === '--plant-schedule' && process.argv[i + 1] === 'off'))
app.setPath('userData', dataDir)

let plantwatch: Plantwatch | undefined
let windows: WindowSet | undefined
const disposers: Array<() => void> = []

async function start(): Promise<void> {
  const { settings, credentials } = await loadPlantSettings(openSettingsStore(dataDir), await safeStorageCodec(safeStorage), logger)
  plantwatch = await startPlantwatch({ dataDir, settings, credentials, logger, createFirstAdmin: true, ...(scheduleOff ? { demoPlant: { schedule: null } } : {}) })
  if (plantwatch.firstRun) {
    // Shown once, on this console only: the password is stored hashed.
    void dialog.showMessageBox({
      type: 'info',
      title: 'Plantwatch: first run',
      message: `Sign in as "${plantwatch.firstRun.user}" with the password ${plantwatch.firstRun.password}`,
      detail: 'It is shown only now. Add accounts for your operators under Users, or with `plantwatch users add`.'
    })
  }
  const paths = appPaths()
  protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.renderer))
  const consoleSessions = createConsoleSessions(plantwatch.core)
  const base = { preload: paths.preload, logger, ...(process.env.ELECTRON_RENDERER_URL ? { devServerUrl: process.env.ELECTRON_RENDERER_URL } : {}) }
  windows = openWindowSet(dataDir, base, plantwatch.core, consoleSessions, logger)
  const trusted = windows
  disposers.push(registerContractHandlers(ipcMain, plantwatch.core, consoleSessions, (event) => trusted.isTrustedSender(event), logger))
  disposers.push(() => trusted.dispose())
  disposers.push(
    plantwatch.core.on('alarms:transitions', (transitions) => {
      for (const notice of priorityOneNotices(transitions, trusted.allMinimised())) new Notification(notice).show()
    })
  )
}

app.enableSandbox()
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
app
  .whenReady()
  .then(start)
  .catch((error: Error) => {
    dialog.showErrorBox('Plantwatch cannot start', error.message)
    app.exit(1)
  })
app.on('window-all-closed', () => app.quit())

let quitting = false
app.on('before-quit', (event) => {
  if (!quitting) windows?.saveLayout()
  if (quitting || !plantwatch) return
  event.preventDefault()
  quitting = true
  disposers.forEach((dispose) => dispose())
  void plantwatch.dispose().finally(() => app.quit())
})
