import type { ProfileField, WireProfile } from '../types'

/**
 * Which profile field a name means, in any case. Everything but letters and spaces is removed from
 * the name first ("job_title" → "jobtitle"). The expression is not anchored: the leftmost match
 * wins, and at one position the alternatives are tried in order. A form control is matched as one
 * string "type autocomplete name" (name, else id), so its first word that means a field wins, in
 * that order (an email or url input holds an email or a website). "organization-title" is a title
 * and "company_size" a size (company must end its word); the name alternatives must be a whole word
 * ("additional-name", "username" and "cardname" match nothing). The group names are profile fields
 * (a unit test holds them to PROFILE_FIELDS), so the snippet ships no second list.
 * @example
 * FIELD_RE.exec('organizationtitle')?.groups // { title: 'title', email: undefined, … }
 */
export const FIELD_RE =
  /(?<email>mail)|(?<name>\b(full|your)?name\b)|(?<firstName>\b(first|f|given)name)|(?<lastName>\b(last|l|family)name)|(?<company>(company|organi[sz]ation)(name)?\b)|(?<title>title|position)|(?<companySize>size|employees)|(?<country>country)|(?<phone>phone)|(?<industry>industry|sector)|(?<website>website|url)/i

/**
 * Controls never read, tested on "type autocomplete name": a type other than a short typed answer
 * (textarea, password, hidden, file, checkbox… never are), and names that smell of secrets or
 * payment ("cc-name", "card_holder", "email_password"), whatever else they match. (cvc, iban, card
 * numbers… match no field at all.)
 */
const DENY = /^(?!(text|email|tel|url|number|select-one) )|pass|card|\bcc/i

/**
 * Sets the profile field that `name` means (see FIELD_RE) to `value` as a string, unless the field
 * is set already (the first control for a field wins: a "confirm email" repeat adds nothing), the
 * value is empty or the name means no field. Returns `d`. Pure but for `d`.
 * @example
 * setField({}, 'job_title', 'CTO') // { title: 'CTO' }
 */
export const setField = (d: WireProfile, name: string, value: unknown): WireProfile => {
  // no match: (0).groups is undefined, and `for…in` over undefined runs no loop
  const g = (FIELD_RE.exec(name.replace(/[^a-z ]/gi, '')) || (0 as unknown as RegExpExecArray)).groups
  // each alternative of FIELD_RE holds one named group, so a match defines exactly one: no `break`
  for (const k in g) if (g[k] && !d[k as ProfileField] && value) d[k as ProfileField] = `${value}`
  return d
}

/**
 * The profile field of the first word of `name` that means one (a form control's type,
 * autocomplete token or name, or an identify key), or undefined. Pure.
 * @example
 * fieldOf('job_title') // "title"
 * fieldOf('organization-title') // "title"
 * fieldOf('username') // undefined
 */
export const fieldOf = (name: string): ProfileField | undefined => Object.keys(setField({}, name, 1))[0] as ProfileField

/**
 * The profile fields of an identify call's object, keys mapped like form names (`{ job_title }` is
 * a title too); anything else is dropped. The Worker checks and normalises the email.
 * @example
 * pick({ email: 'ann@acme.io', password: 'x', company: 'Acme' }) // { email: 'ann@acme.io', company: 'Acme' }
 */
export const pick = (o: Record<string, unknown>): WireProfile => {
  const d: WireProfile = {}
  for (const k in o) setField(d, k, o[k])
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
 * like a secret or payment field, mapped by their type (an email input holds an email; a tel input
 * is not mapped: card numbers use it too), else their autocomplete token, else their name or id.
 * Password, hidden, textarea, payment: never.
 * @example
 * formData(document.forms[0]) // { email: 'ann@acme.io', company: 'Acme', title: 'CTO' }
 */
export const formData = (form: FormLike): WireProfile => {
  const d: WireProfile = {}
  for (const el of form.elements) {
    const s = `${el.type} ${el.autocomplete} ${el.name || el.id}`
    if (!DENY.test(s)) setField(d, s, el.value)
  }
  return d
}
