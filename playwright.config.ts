import { defineConfig } from '@playwright/test'
import { tempDir } from './test/support/tempDir'

// Chromium and the hosts under test keep their profiles and caches out of ~ (workers inherit these).
for (const dir of ['XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME']) process.env[dir] ??= tempDir(dir.toLowerCase())

/**
 * E2E in Debian's Chromium (never a downloaded browser) against `plantwatch serve`;
 * each spec starts its own host with its own data folder (see test/e2e/host.ts).
 */
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    viewport: { width: 1600, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    },
    trace: 'retain-on-failure'
  }
})
