// Where to reach a `wrangler dev` Worker's isolate with the DevTools protocol. wrangler's own inspector
// port is a proxy inside its entry workerd, which also carries every bench request: under load it
// stopped accepting connections for minutes (the bench's "no answer to the connection in 60000 ms").
// The runtime workerd serves the same isolate's inspector directly (`--inspector-addr`), so the bench
// profiles there and keeps the proxy only as the fallback.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
// ws comes with miniflare (wrangler dev's runtime); Node 20 has no WebSocket client of its own.
import WebSocket from 'ws'

/**
 * The DevTools WebSocket URL of the Worker's own isolate (`core:user:*`) on the runtime workerd started
 * under `pid` (wrangler dev's process), or the wrangler proxy's URL on `inspectorPort` when none is found.
 * @example
 * const url = await inspectorUrl(server) // 'ws://127.0.0.1:32889/core:user:leadbeacon'
 */
export async function inspectorUrl({ pid, inspectorPort }) {
  for (const child of descendants(pid)) {
    if (!cmdline(child).includes('--inspector-addr=localhost:0')) continue
    for (const port of listeningPorts(child)) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/json`, { signal: AbortSignal.timeout(2_000) })
        const targets = r.ok ? await r.json() : []
        const user = Array.isArray(targets) ? targets.find((t) => String(t.id).startsWith('core:user:')) : undefined
        if (user?.webSocketDebuggerUrl) return user.webSocketDebuggerUrl
      } catch {}
    }
  }
  return `ws://127.0.0.1:${inspectorPort}/ws`
}

/**
 * Opens sessions on `url` until one answers a protocol call, and closes them. workerd leaves the first
 * DevTools session of an isolate unanswered (measured: \`Profiler.enable\` never answered, the second
 * session's in 2 ms), which cost the bench a 60 s deadline and a retake per server; after this, the
 * profiles' own sessions are answered at once. Returns how many sessions it took.
 * @example
 * await primeInspector('ws://127.0.0.1:32889/core:user:leadbeacon') // 2
 */
export async function primeInspector(url, { tries = 5, waitMs = 3_000 } = {}) {
  for (let i = 1; i <= tries; i++) {
    const ws = new WebSocket(url)
    try {
      const answered = await new Promise((ok) => {
        const timer = setTimeout(() => ok(false), waitMs)
        ws.once('error', () => ok(false))
        ws.once('open', () => ws.send(JSON.stringify({ id: 1, method: 'Runtime.getIsolateId' })))
        ws.on('message', (d) => {
          if (JSON.parse(d).id === 1) {
            clearTimeout(timer)
            ok(true)
          }
        })
      })
      if (answered) return i
    } finally {
      ws.terminate()
    }
  }
  throw new Error(`inspector at ${url}: no session answered in ${tries} tries`)
}

const cmdline = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
  } catch {
    return []
  }
}

function descendants(pid) {
  const out = []
  const queue = [pid]
  while (queue.length) {
    const p = queue.shift()
    let kids = []
    try {
      kids = readdirSync(`/proc/${p}/task`).flatMap((t) => readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number))
    } catch {}
    out.push(...kids)
    queue.push(...kids)
  }
  return out
}

// Ports a process listens on: its socket inodes matched against the kernel's TCP table (no `ss` needed).
function listeningPorts(pid) {
  const inodes = new Set()
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const m = /^socket:\[(\d+)\]$/.exec(safeReadlink(`/proc/${pid}/fd/${fd}`))
      if (m) inodes.add(m[1])
    }
  } catch {
    return []
  }
  const ports = []
  for (const table of ['tcp', 'tcp6']) {
    let text = ''
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/)
      // f[1] local address:port (hex), f[3] state (0A = LISTEN), f[9] inode
      if (f[3] === '0A' && inodes.has(f[9])) ports.push(Number.parseInt(f[1].split(':')[1], 16))
    }
  }
  return ports
}

function safeReadlink(p) {
  try {
    return readlinkSync(p)
  } catch {
    return ''
  }
}
