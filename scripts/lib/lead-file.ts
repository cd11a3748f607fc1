// What the evaluation scripts share: the lead file they read and the hold-out split they score on, so
// `eval:live` replays exactly the leads `eval:scoring` holds out.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

/** Seed and share of the hold-out split (both scripts, and calibration's report). */
export const SPLIT = { seed: 42, holdout: 0.3 } as const

/** `--flag value` or `--flag=value` from the command line. */
export function argValue(flag: string): string | undefined {
  const args = process.argv.slice(2)
  const i = args.indexOf(flag)
  if (i >= 0) return args[i + 1]
  return args.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1)
}

/**
 * The lead file named by `--csv`, resolved from where the user typed the command (npm runs scripts in
 * the package root); exits 2 with `usage` when it is missing or does not exist.
 * @example
 * const csvPath = leadFileArg('eval:live', 'usage: npm run eval:live -- --csv FILE')
 */
export function leadFileArg(script: string, usage: string): string {
  const arg = argValue('--csv')
  if (!arg) {
    console.error(`${usage}\n  FILE: a lead file with (some of) the X Education Leads.csv columns (docs/scoring-quality.md)`)
    process.exit(2)
  }
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), arg)
  if (!existsSync(path)) {
    console.error(`${script}: no such file: ${path}`)
    process.exit(2)
  }
  return path
}
