// Bytes on disk per event, per lead and per visitor, read from a local D1's SQLite file with SQLite's
// own page accounting (the dbstat table). D1 does not expose dbstat through its API, so a copy of the
// file is opened with the system's Python sqlite3 (present on most Linux machines); without it the
// figures are null, with the reason.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const PY = `
import json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute('PRAGMA wal_checkpoint(TRUNCATE)')
size = {n: b for n, b in c.execute('SELECT name, sum(pgsize) FROM dbstat GROUP BY name')}
count = lambda t: c.execute('SELECT count(*) FROM ' + t).fetchone()[0]
idx = {n: t for n, t in c.execute("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')")}
by_table = {}
for n, b in size.items():
    t = idx.get(n, n)
    by_table[t] = by_table.get(t, 0) + b
rows = {t: count(t) for t in ['events', 'leads', 'visitors', 'stage_transitions', 'alerts'] if t in by_table}
page = c.execute('PRAGMA page_size').fetchone()[0] * c.execute('PRAGMA page_count').fetchone()[0]
print(json.dumps({'fileBytes': page, 'byTable': by_table, 'rows': rows}))
`

/** The D1 database file under a `--persist-to` directory (the biggest .sqlite of D1's object store). */
export function d1File(persistTo) {
  const dir = join(persistTo, 'v3', 'd1', 'miniflare-D1DatabaseObject')
  if (!existsSync(dir)) return null
  const files = readdirSync(dir).filter((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite')
  files.sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)
  return files[0] ? join(dir, files[0]) : null
}

/**
 * Storage figures of a local D1 whose Worker is stopped. Per-event bytes are the events table with its
 * indexes over its rows; per-lead bytes add the lead's transitions and alerts; per-visitor bytes are
 * the visitors table with its indexes.
 * @example
 * storageFigures(join(dir, 'drill-state')) // { bytesPerEvent: 231, bytesPerLead: 1450, … }
 */
export function storageFigures(persistTo) {
  const file = d1File(persistTo)
  if (!file) return { note: `no local D1 under ${persistTo}` }
  const tmp = mkdtempSync(join(tmpdir(), 'lb-dbstat-'))
  try {
    const copy = join(tmp, 'db.sqlite')
    copyFileSync(file, copy)
    for (const ext of ['-wal', '-shm']) if (existsSync(file + ext)) copyFileSync(file + ext, copy + ext)
    const r = spawnSync('python3', ['-c', PY, copy], { encoding: 'utf8', timeout: 60_000 })
    if (r.status !== 0) return { note: `python3 sqlite3 dbstat unavailable: ${(r.error?.message ?? r.stderr).slice(0, 200)}` }
    const s = JSON.parse(r.stdout)
    const b = (t) => s.byTable[t] ?? 0
    const per = (bytes, n) => (n ? Math.round(bytes / n) : null)
    return {
      fileBytes: s.fileBytes,
      rows: s.rows,
      byTable: s.byTable,
      bytesPerEvent: per(b('events'), s.rows.events),
      bytesPerLead: per(b('leads') + b('stage_transitions') + b('alerts'), s.rows.leads),
      bytesPerVisitor: per(b('visitors'), s.rows.visitors),
      note: null,
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}
