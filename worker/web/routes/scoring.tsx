import { Hono } from 'hono'
import type { WebEnv } from '../types'

export const scoringPages = new Hono<WebEnv>()
