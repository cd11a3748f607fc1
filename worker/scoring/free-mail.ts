/**
 * Free-mail domains: an address there says nothing about an employer, so it neither forms an account nor
 * earns business-email fit. The built-in list covers the large consumer providers; a model can replace it.
 */
import type { Model } from './model'

/**
 * Consumer mail providers (global and the biggest regional ones).
 * @example
 * FREE_MAIL_DOMAINS.includes('gmail.com') // true
 */
export const FREE_MAIL_DOMAINS: readonly string[] = [
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.co.in', 'yahoo.fr', 'yahoo.de', 'yahoo.es',
  'yahoo.it', 'yahoo.com.br', 'ymail.com', 'rocketmail.com', 'hotmail.com', 'hotmail.co.uk', 'hotmail.fr',
  'hotmail.de', 'hotmail.it', 'hotmail.es', 'outlook.com', 'outlook.fr', 'outlook.de', 'live.com', 'live.co.uk',
  'live.fr', 'msn.com', 'aol.com', 'aim.com', 'icloud.com', 'me.com', 'mac.com', 'proton.me', 'protonmail.com',
  'pm.me', 'tutanota.com', 'tuta.io', 'gmx.com', 'gmx.net', 'gmx.de', 'gmx.at', 'gmx.ch', 'web.de', 't-online.de',
  'freenet.de', 'orange.fr', 'wanadoo.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'libero.it', 'virgilio.it',
  'btinternet.com', 'sky.com', 'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net', 'mail.com', 'email.com',
  'zoho.com', 'zohomail.com', 'yandex.com', 'yandex.ru', 'ya.ru', 'mail.ru', 'bk.ru', 'inbox.ru', 'list.ru',
  'rambler.ru', 'qq.com', '163.com', '126.com', 'sina.com', 'naver.com', 'daum.net', 'hanmail.net',
  'rediffmail.com', 'seznam.cz', 'wp.pl', 'o2.pl', 'interia.pl', 'onet.pl', 'bol.com.br', 'uol.com.br',
  'terra.com.br', 'fastmail.com', 'hey.com', 'hushmail.com', 'yahoo.co.jp', 'ezweb.ne.jp', 'docomo.ne.jp',
]

/**
 * Disposable (throw-away, receive-only) mail services: the largest ones, by their main domains. An
 * address there is marked and earns negative fit in the default model; it is never refused.
 * @example
 * DISPOSABLE_MAIL_DOMAINS.includes('mailinator.com') // true
 */
export const DISPOSABLE_MAIL_DOMAINS: readonly string[] = [
  'mailinator.com', 'mailinator.net', 'guerrillamail.com', 'guerrillamail.net', 'guerrillamail.org', 'guerrillamailblock.com',
  'sharklasers.com', 'grr.la', 'pokemail.net', 'spam4.me', '10minutemail.com', '10minutemail.net', '10minutemail.co.uk',
  'temp-mail.org', 'temp-mail.io', 'tempmail.com', 'tempmail.net', 'tempmailo.com', 'tempail.com', 'tempr.email',
  'throwawaymail.com', 'trashmail.com', 'trashmail.de', 'trashmail.net', 'yopmail.com', 'yopmail.fr', 'yopmail.net',
  'getnada.com', 'nada.email', 'dispostable.com', 'maildrop.cc', 'mailnesia.com', 'mailcatch.com', 'mintemail.com',
  'mohmal.com', 'emailondeck.com', 'fakeinbox.com', 'fakemail.net', 'spamgourmet.com', 'mytemp.email', 'mailpoof.com',
  'burnermail.io', 'discard.email', 'dropmail.me', 'emailfake.com', 'harakirimail.com', 'inboxkitten.com', 'mail.tm',
  'mailsac.com', 'moakt.com', 'tmpmail.org', 'tmpmail.net', 'tmail.ws', 'spambox.us', 'mailtemp.net', 'linshiyouxiang.net',
  'byom.de', 'wegwerfmail.de', 'einrot.com', 'jetable.org', 'trbvm.com', 'cuvox.de', 'armyspy.com', 'dayrep.com',
  'fleckens.hu', 'gustr.com', 'jourrapide.com', 'rhyta.com', 'superrito.com', 'teleworm.us', 'mvrht.com', 'mailforspam.com',
]

const builtIn = new Set(FREE_MAIL_DOMAINS)
const disposable = new Set(DISPOSABLE_MAIL_DOMAINS)

/**
 * Whether a (lower-case) domain, or a domain it is under, is a disposable mail service.
 * @example
 * isDisposableMail('mailinator.com') // true
 */
export function isDisposableMail(domain: string): boolean {
  for (let d = domain; d.includes('.'); d = d.slice(d.indexOf('.') + 1)) if (disposable.has(d)) return true
  return false
}

/** What kind of address an email is: a work address, free mail, or a throw-away one. */
export type EmailKind = 'work' | 'free' | 'disposable'

/**
 * The kind of an address under the model's free-mail list (disposable wins; something without a valid
 * domain names no employer, so it counts as free).
 * @example
 * emailKind('ada@gmail.com', DEFAULT_MODEL)      // 'free'
 * emailKind('x@mailinator.com', DEFAULT_MODEL)  // 'disposable'
 * emailKind('ada@acme.io', DEFAULT_MODEL)       // 'work'
 */
export function emailKind(email: string | null | undefined, model: Pick<Model, 'freeMailDomains'>): EmailKind {
  const domain = emailDomain(email)
  if (!domain) return 'free'
  if (isDisposableMail(domain)) return 'disposable'
  return isFreeMail(domain, model) ? 'free' : 'work'
}
const perList = new WeakMap<readonly string[], Set<string>>()

/**
 * Whether a (lower-case) domain is free mail under the model's list, or the built-in one.
 * @example
 * isFreeMail('gmail.com', DEFAULT_MODEL) // true
 */
export function isFreeMail(domain: string, model: Pick<Model, 'freeMailDomains'>): boolean {
  const list = model.freeMailDomains
  if (!list) return builtIn.has(domain)
  let set = perList.get(list)
  if (!set) {
    set = new Set(list.map((d) => d.toLowerCase()))
    perList.set(list, set)
  }
  return set.has(domain)
}

/**
 * The lower-case domain of an email address, or null when it is not one.
 * @example
 * emailDomain(' Ada@Example.COM ') // 'example.com'
 * emailDomain('not-an-email')     // null
 */
export function emailDomain(email: string | undefined | null): string | null {
  if (!email) return null
  const at = email.lastIndexOf('@')
  if (at < 1) return null
  const domain = email.slice(at + 1).trim().toLowerCase().replace(/\.$/, '')
  if (domain.length > 253) return null
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/.test(domain) ? domain : null
}

/**
 * The account an email belongs to: its lower-case domain, or null for free mail and non-addresses.
 * @example
 * accountDomain('ada@acme.io', DEFAULT_MODEL)  // 'acme.io'
 * accountDomain('ada@gmail.com', DEFAULT_MODEL) // null
 */
export function accountDomain(email: string | undefined | null, model: Pick<Model, 'freeMailDomains'>): string | null {
  const domain = emailDomain(email)
  return domain && !isFreeMail(domain, model) && !isDisposableMail(domain) ? domain : null
}
