// A second host for the audit trail test: appends N records to the database at argv[2].
import { openPlantDatabase } from '../storage/plantDatabase'
import { createAuditTrail } from './auditTrail'

const [file, origin, count] = process.argv.slice(2)
const db = openPlantDatabase(file!)
const audit = createAuditTrail(db, Date.now)
for (let i = 0; i < Number(count); i++) audit.append({ user: null, origin: origin!, command: 'test:append', summary: String(i), result: 'ok' })
db.close()
