// A child process for the crash test: ingests live-like values into a historian file
// until it is killed. Prints "ingesting" once the first batch is in.
import { openHistorian } from '../../src/main/core/historian/historian'

const [file] = process.argv.slice(2)
if (!file) throw new Error('usage: historianIngest.ts <file>')
const TAGS = 50
const h = openHistorian({ file })
h.useTags(Array.from({ length: TAGS }, (_, i) => `T${i}`))
const start = h.lastWriteBefore
if (start !== undefined) h.openGap('not-running', start, { end: Date.now() })
let announced = false
// One publish cycle every 10 ms, every tag changing: 5,000 values/s.
setInterval(() => {
  const now = Date.now()
  const tagIndex = Array.from({ length: TAGS }, (_, i) => i)
  h.append({ tagIndex, sourceTime: tagIndex.map(() => now), value: tagIndex.map((i) => i + Math.random()), status: tagIndex.map(() => 0) })
  if (!announced) {
    announced = true
    process.stdout.write('ingesting\n')
  }
}, 10)
