import type { ProfileField, WireProfile } from '../types'

/**
 * Which profile field a name means, matched on the name lower-cased with everything but letters
 * removed ("job_title" → "jobtitle"). Each alternative is a group named after its field, and all
 * are anchored and tried in order: "organization-title" is a title and "company_size" a size
 * (company must end the name); "username" and "cardname" match nothing. The group names are
 * profile fields (a unit test holds them to PROFILE_FIELDS), so the snippet ships no second list.
 * @example
 * FIELD_RE.exec('organizationtitle')?.groups // { title: 'organizationtitle', email: undefined, … }
 */
export const FIELD_RE =
  /^(?:(?<email>.*mail)|(?<name>(full|your)?name$)|(?<firstName>(first|f)name)|(?<lastName>(last|l)name)|(?<company>.*(company|organi[sz]ation)(name)?$)|(?<title>.*(title|position))|(?<companySize>.*(size|employees))|(?<country>.*country)|(?<phone>.*phone))/

/** Control types whose value is a short typed answer; textarea, password, hidden, file… never are. */
const TYPES = /^(text|email|tel|number|select-one)$/

/**
 * Names that smell of secrets or payment ("cc-name", "card_holder", "email_password"): refused
 * whatever else they match. (cvc, iban, card numbers… match no field at all.)
 */
const DENY = /pass|card|\bcc/i

/**
 * The profile field a name (a control's autocomplete token, name, id or type, or an identify key)
 * maps to, or undefined. Pure.
 * @example
 * fieldOf('job_title') // "title"
 * fieldOf('organization-title') // "title"
 * fieldOf('username') // undefined
 */
export const fieldOf = (name: string): ProfileField | undefined => {
  const m = FIELD_RE.exec(name.toLowerCase().replace(/[^a-z]/g, ''))
  if (m) for (const k in m.groups) if (m.groups[k]) return k as ProfileField
}

/** Sets a field once (the first control for a field wins: a "confirm email" repeat adds nothing). */
const set = (d: WireProfile, f: ProfileField | undefined, v: unknown): void => {
  if (f && !d[f] && v) d[f] = `${v}`
}

/**
 * The profile fields of an identify call's object, keys mapped like form names (`{ job_title }` is
 * a title too); anything else is dropped. The Worker checks and normalises the email.
 * @example
 * pick({ email: 'ann@acme.io', password: 'x', company: 'Acme' }) // { email: 'ann@acme.io', company: 'Acme' }
 */
export const pick = (o: Record<string, unknown>): WireProfile => {
  const d: WireProfile = {}
  for (const k in o) set(d, fieldOf(k), o[k])
  return d
}

/**
 * What `formData` reads of a form: structural, so this module needs no DOM types (the unit tests,
 * which run in Node, import it).
 */
export interface FormLike {
  elements: Iterable<{ type: string; name: string; id: string; autocomplete: string; value: string }>
}

/**
 * The allow-listed fields of a submitted form: controls of a short-answer type only, not named
 * like a secret or payment field, mapped by their autocomplete token, else their name or id, else
 * their type (an email input holds an email; a tel input is not mapped: card numbers use it too).
 * Password, hidden, textarea, payment: never.
 * @example
 * formData(document.forms[0]) // { email: 'ann@acme.io', company: 'Acme', title: 'CTO' }
 */
export const formData = (form: FormLike): WireProfile => {
  const d: WireProfile = {}
  for (const el of form.elements) {
    const n = el.name || el.id
    const a = el.autocomplete
    if (TYPES.test(el.type) && !DENY.test(`${n} ${a}`)) set(d, fieldOf(a) || fieldOf(n) || fieldOf(el.type), el.value)
  }
  return d
}
