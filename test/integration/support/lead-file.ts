/**
 * A lead file in the Leads.csv vocabulary, made here: converters visit more, stay longer, and use the
 * lead form; every other row is won. `Tags` leaks the outcome: an import must never read it.
 * @example
 * const csv = leadFile(200) // 100 won, 100 lost, a real signal for calibration
 */
export function leadFile(n: number, seed = 7): string {
  let s = seed
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
  const header = ['Prospect ID', 'Lead Origin', 'Lead Source', 'TotalVisits', 'Total Time Spent on Website', 'Page Views Per Visit', 'Last Activity', 'What is your current occupation', 'Tags', 'Converted']
  const out = [header.join(',')]
  for (let i = 0; i < n; i++) {
    const won = i % 2 === 0
    const strong = rnd() < (won ? 0.8 : 0.2)
    const visits = strong ? 3 + Math.floor(rnd() * 6) : Math.floor(rnd() * 2)
    const secs = strong ? 600 + Math.floor(rnd() * 1200) : Math.floor(rnd() * 200)
    const origin = rnd() < (won ? 0.5 : 0.1) ? 'Lead Add Form' : 'Landing Page Submission'
    const occ = rnd() < (won ? 0.6 : 0.2) ? 'Working Professional' : 'Unemployed'
    out.push([`p-${seed}-${i}`, origin, 'Google', visits, secs, visits ? 2.5 : 0, 'Page Visited on Website', occ, won ? 'Closed by Horizzon' : 'Ringing', won ? 1 : 0].join(','))
  }
  return out.join('\r\n')
}
