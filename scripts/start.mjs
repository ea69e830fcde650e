#!/usr/bin/env node
// `npm start`: the desktop app with the embedded demo plant, or, where Electron
// cannot run (no binary, no display), the same HMI from the web host.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { electronBinary } from './electronBinary.mjs'

const args = process.argv.slice(2)
const run = (command, argv) => {
  const child = spawn(command, argv, { stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

if (!existsSync('out/main/index.js') || !existsSync('out/renderer/index.html')) {
  console.log('plantwatch: building first (npm run build)')
  const build = spawn(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'inherit' })
  await new Promise((resolve, reject) => build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build failed (${code})`)))))
}

const electron = electronBinary()
if (electron.ok) {
  run(electron.binary, ['.', ...args])
} else {
  console.log(`plantwatch: ${electron.reason}; serving the same HMI in your browser instead (URL below).`)
  run(process.execPath, ['bin/plantwatch.mjs', 'serve', ...args])
}
