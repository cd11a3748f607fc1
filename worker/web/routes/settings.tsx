import { Hono } from 'hono'
import type { WebEnv } from '../types'

export const settingsPages = new Hono<WebEnv>()
