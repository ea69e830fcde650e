import { describe, expect, it } from 'vitest'
// @ts-expect-error plain ES module script without type declarations; its API is the two functions used here
import { checkImports } from '../scripts/layering.mjs'

const check = checkImports as (path: string, source: string) => string[]

describe('layering rules', () => {
  it('refuses electron in core and shared', () => {
    expect(check('src/main/core/x.ts', "import { app } from 'electron'")).toEqual(['src/main/core/x.ts:1: core must not import electron'])
    expect(check('src/shared/x.ts', "const e = require('electron')")).toHaveLength(1)
  })

  it('refuses Node built-ins and main code in the renderer', () => {
    expect(check('src/renderer/src/a.ts', "import { readFile } from 'node:fs'")[0]).toMatch(/renderer must not import Node built-in/)
    expect(check('src/renderer/src/a.ts', "import path from 'path'")[0]).toMatch(/Node built-in "path"/)
    expect(check('src/renderer/src/a.ts', "import { createCore } from '../../main/core/createCore'")[0]).toMatch(
      /renderer must not import core code/
    )
  })

  it('lets the preload import shared and electron only', () => {
    expect(check('src/preload/index.ts', "import { contextBridge } from 'electron'\nimport { commands } from '../shared/contract'")).toEqual([])
    expect(check('src/preload/index.ts', "import { x } from '../main/core/createCore'")[0]).toMatch(/preload must not import core/)
    expect(check('src/preload/index.ts', "import fs from 'node:fs'")).toHaveLength(1)
  })

  it('keeps core free of hosts and the shell', () => {
    expect(check('src/main/core/a.ts', "import { startWebHost } from '../web/webHost'")[0]).toMatch(/core must not import host code/)
    expect(check('src/main/core/a.ts', "import { x } from '../shell/ipcBridge'")[0]).toMatch(/core must not import shell/)
    expect(check('src/main/core/a.ts', "import { readFile } from 'node:fs/promises'\nimport { z } from 'zod'")).toEqual([])
  })

  it('lets shared import only zod and itself', () => {
    expect(check('src/shared/a.ts', "import { z } from 'zod'\nimport { b } from './b'")).toEqual([])
    expect(check('src/shared/a.ts', "import React from 'react'")[0]).toMatch(/shared must not import package "react"/)
  })
})
