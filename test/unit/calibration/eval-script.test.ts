import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sigmoid } from '../../../worker/calibration/logistic'
import { seededRandom } from '../../../worker/calibration/random'

const root = resolve(__dirname, '../../..')
const dir = mkdtempSync(join(tmpdir(), 'leadbeacon-eval-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * A lead file the harness has never seen: a subset of the Leads.csv columns in another order, no City,
 * no Specialization, one unknown column, quoted cells and CRLF line ends. Conversion rises with time on
 * site and for working professionals.
 */
function syntheticCsv(n: number, seed: number, allLost = false): string {
  const rand = seededRandom(seed)
  const header = ['Lead Number', 'Converted', 'Total Time Spent on Website', 'TotalVisits', 'Page Views Per Visit', 'Lead Origin', 'What is your current occupation', 'Last Activity', 'Lead Source', 'Favourite Colour']
  const lines = [header.join(',')]
  for (let i = 0; i < n; i++) {
    const visits = Math.floor(rand() * 6)
    const seconds = visits === 0 ? 0 : Math.floor(rand() * 1500)
    const working = rand() < 0.25
    const occupation = working ? 'Working Professional' : rand() < 0.3 ? '' : 'Unemployed'
    const won = !allLost && rand() < sigmoid(-2 + seconds / 400 + (working ? 2 : 0) - (occupation === '' ? 1 : 0))
    const origin = visits === 0 ? 'Lead Add Form' : 'Landing Page Submission'
    const activity = rand() < 0.5 ? 'Page Visited on Website' : 'SMS Sent'
    lines.push([1000 + i, won ? 1 : 0, seconds, visits, visits ? (1 + rand() * 3).toFixed(2) : 0, origin, occupation, activity, '"Google, Ads"', 'blue'].join(','))
  }
  return `${lines.join('\r\n')}\r\n`
}

function run(csv: string, ...args: string[]) {
  const file = join(dir, `leads-${Math.random().toString(36).slice(2)}.csv`)
  writeFileSync(file, csv)
  const r = spawnSync('npx', ['tsx', 'scripts/eval-scoring.ts', '--csv', file, ...args], { cwd: root, encoding: 'utf8' })
  const lines = r.stdout.trim().split('\n')
  return { status: r.status, stderr: r.stderr, stdout: r.stdout, last: lines[lines.length - 1] ? JSON.parse(lines[lines.length - 1]) : null }
}

describe('npm run eval:scoring', () => {
  it('scores a file it has never seen and ends with the JSON summary line', () => {
    const r = run(syntheticCsv(800, 11))
    expect(r.status, r.stderr).toBe(0)
    expect(Object.keys(r.last)).toEqual(['n', 'default', 'calibrated'])
    expect(r.last.n).toBe(800)
    expect(r.last.default.auc).toBeGreaterThanOrEqual(0)
    expect(r.last.default.auc).toBeLessThanOrEqual(1)
    // the planted signal (time on site, occupation) is found on the hold-out
    expect(r.last.calibrated.auc).toBeGreaterThan(0.75)
    expect(r.stdout).toContain('hold-out ROC AUC')
    expect(r.stdout).toContain('(seed 42)')
  }, 120_000)

  it('splits with another seed when given one, and refuses a seed that is not an integer', () => {
    const csv = syntheticCsv(800, 11)
    const r = run(csv, '--seed', '3')
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain('(seed 3)')
    expect(r.last.n).toBe(800)
    const bad = run(csv, '--seed', 'x')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('--seed')
  }, 120_000)

  it('says how many more outcomes are needed when there are too few', () => {
    const r = run(syntheticCsv(120, 5, true))
    expect(r.status).toBe(2)
    expect(r.last).toMatchObject({ n: 120, error: 'too-few-outcomes', needWon: 50, needLost: 0 })
  }, 120_000)
})
