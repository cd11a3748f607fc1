// Stands in for d3-time-format in the deployed bundle (wrangler.toml `[alias]`). d3-scale's time scales
// label their ticks with a handful of fixed specifiers in d3's default (en-US) locale; the full library
// (a parser, every directive, locale machinery: 9 KiB) came along for them. This formats the directives
// those labels use, exactly as d3-time-format does (test/unit/bundle/stand-ins.test.ts compares them);
// a specifier with any other directive is refused when it is made, not mis-formatted.

const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

function pad(value: number, width: number): string {
  const sign = value < 0 ? '-' : ''
  const s = String(sign ? -value : value)
  return sign + (s.length < width ? '0'.repeat(width - s.length) + s : s)
}

interface Parts {
  year: number
  month: number
  date: number
  day: number
  hours: number
  minutes: number
  seconds: number
  ms: number
}

const utcParts = (d: Date): Parts => ({
  year: d.getUTCFullYear(),
  month: d.getUTCMonth(),
  date: d.getUTCDate(),
  day: d.getUTCDay(),
  hours: d.getUTCHours(),
  minutes: d.getUTCMinutes(),
  seconds: d.getUTCSeconds(),
  ms: d.getUTCMilliseconds(),
})
const localParts = (d: Date): Parts => ({
  year: d.getFullYear(),
  month: d.getMonth(),
  date: d.getDate(),
  day: d.getDay(),
  hours: d.getHours(),
  minutes: d.getMinutes(),
  seconds: d.getSeconds(),
  ms: d.getMilliseconds(),
})

const DIRECTIVES: Record<string, (p: Parts) => string> = {
  a: (p) => SHORT_DAYS[p.day],
  A: (p) => DAYS[p.day],
  b: (p) => SHORT_MONTHS[p.month],
  B: (p) => MONTHS[p.month],
  d: (p) => pad(p.date, 2),
  H: (p) => pad(p.hours, 2),
  I: (p) => pad(p.hours % 12 || 12, 2),
  L: (p) => pad(p.ms, 3),
  m: (p) => pad(p.month + 1, 2),
  M: (p) => pad(p.minutes, 2),
  p: (p) => (p.hours >= 12 ? 'PM' : 'AM'),
  S: (p) => pad(p.seconds, 2),
  y: (p) => pad(p.year % 100, 2),
  Y: (p) => pad(p.year % 10000, 4),
  '%': () => '%',
}

function formatter(specifier: string, parts: (d: Date) => Parts): (d: Date | number) => string {
  const pieces: (string | ((p: Parts) => string))[] = []
  for (let i = 0; i < specifier.length; i++) {
    if (specifier[i] !== '%') {
      pieces.push(specifier[i])
      continue
    }
    const f = DIRECTIVES[specifier[++i]]
    if (!f) throw new RangeError(`the Worker's d3-time-format has no %${specifier[i]} (in "${specifier}")`)
    pieces.push(f)
  }
  return (d) => {
    const p = parts(d instanceof Date ? d : new Date(+d))
    return pieces.map((x) => (typeof x === 'string' ? x : x(p))).join('')
  }
}

export const utcFormat = (specifier: string) => formatter(specifier, utcParts)
export const timeFormat = (specifier: string) => formatter(specifier, localParts)
