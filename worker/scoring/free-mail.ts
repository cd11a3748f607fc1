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

const builtIn = new Set(FREE_MAIL_DOMAINS)
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
  return domain && !isFreeMail(domain, model) ? domain : null
}
