/**
 * The API reference page served at /docs: a small self-contained page (no CDN, no framework) whose
 * script fetches /openapi.json and lists every operation with its parameters, bodies and responses,
 * then every schema. Everything from the document is inserted as text, never as HTML.
 */

/** The page's HTML; its script is /docs.js (same origin, so the CSP can forbid inline script). */
export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Leadbeacon API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2330;background:#fafbfc}
main{max-width:960px;margin:0 auto;padding:1.5rem}
h1{margin:.2rem 0}h2{margin-top:2rem;border-bottom:1px solid #dde}
.op{background:#fff;border:1px solid #dde;border-radius:6px;margin:.8rem 0;padding:.6rem .9rem}
.m{display:inline-block;min-width:4.2rem;font-weight:700;text-transform:uppercase}
.get{color:#0a7d32}.post{color:#0b5cad}.patch{color:#9a5b00}.put{color:#7a3db8}.delete{color:#b3261e}
code,pre{font:13px ui-monospace,monospace}pre{background:#f3f4f7;padding:.5rem;overflow:auto;border-radius:4px}
table{border-collapse:collapse;width:100%;margin:.3rem 0}td,th{border-bottom:1px solid #eee;text-align:left;padding:.2rem .4rem;vertical-align:top}
.muted{color:#667}
</style>
</head>
<body><main>
<h1 id="title">Leadbeacon API</h1>
<p class="muted">This page renders <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Marketer routes take
<code>Authorization: Bearer API_KEY</code>; operator routes <code>Bearer ADMIN_TOKEN</code>. Errors are
<code>application/problem+json</code>.</p>
<div id="ops">Loading…</div>
<h2>Schemas</h2>
<div id="schemas"></div>
</main>
<script src="/docs.js"></script>
</body>
</html>
`

/** The page's script (plain ES2017, runs in any current browser). */
export const DOCS_JS = `(function () {
  'use strict'
  function el(tag, attrs, kids) {
    var n = document.createElement(tag)
    for (var k in attrs || {}) n.setAttribute(k, attrs[k])
    ;(kids || []).forEach(function (c) { n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c) })
    return n
  }
  function refName(s) { return s && s.$ref ? s.$ref.split('/').pop() : null }
  function typeOf(s) {
    if (!s) return ''
    var r = refName(s); if (r) return r
    if (s.enum) return s.enum.map(function (v) { return JSON.stringify(v) }).join(' | ')
    if (s.anyOf || s.oneOf) return (s.anyOf || s.oneOf).map(typeOf).join(' | ')
    if (s.type === 'array') return typeOf(s.items) + '[]'
    return Array.isArray(s.type) ? s.type.join(' | ') : (s.type || 'object')
  }
  function schemaBlock(s) { return el('pre', {}, [JSON.stringify(s, null, 2)]) }
  function bodyOf(content) {
    var out = []
    for (var type in content || {}) out.push(el('div', {}, [el('code', {}, [type]), ' ', typeOf(content[type].schema)]))
    return out
  }
  fetch('/openapi.json').then(function (r) { return r.json() }).then(function (doc) {
    document.getElementById('title').textContent = (doc.info && doc.info.title || 'API') + (doc.info && doc.info.version ? ' (v' + doc.info.version + ')' : '')
    var ops = document.getElementById('ops'); ops.textContent = ''
    Object.keys(doc.paths || {}).sort().forEach(function (path) {
      var item = doc.paths[path]
      ;['get', 'post', 'put', 'patch', 'delete'].forEach(function (m) {
        var op = item[m]; if (!op) return
        var box = el('section', { class: 'op', id: m + path }, [
          el('div', {}, [el('span', { class: 'm ' + m }, [m]), el('code', {}, [path]), ' ', op.summary || '']),
        ])
        if (op.description) box.appendChild(el('p', { class: 'muted' }, [op.description]))
        var params = op.parameters || []
        if (params.length) {
          var t = el('table', {}, [el('tr', {}, [el('th', {}, ['parameter']), el('th', {}, ['in']), el('th', {}, ['type']), el('th', {}, ['description'])])])
          params.forEach(function (p) {
            t.appendChild(el('tr', {}, [el('td', {}, [el('code', {}, [p.name + (p.required ? '' : '?')])]), el('td', {}, [p.in]),
              el('td', {}, [typeOf(p.schema)]), el('td', {}, [p.description || (p.schema && p.schema.description) || ''])]))
          })
          box.appendChild(t)
        }
        if (op.requestBody) box.appendChild(el('div', {}, [el('b', {}, ['body: '])].concat(bodyOf(op.requestBody.content))))
        var rs = el('table', {}, [])
        Object.keys(op.responses || {}).forEach(function (code) {
          var r = op.responses[code]
          rs.appendChild(el('tr', {}, [el('td', {}, [el('code', {}, [code])]), el('td', {}, [r.description || '']), el('td', {}, bodyOf(r.content))]))
        })
        box.appendChild(rs)
        ops.appendChild(box)
      })
    })
    var schemas = (doc.components && doc.components.schemas) || {}
    var host = document.getElementById('schemas')
    Object.keys(schemas).sort().forEach(function (name) {
      host.appendChild(el('section', { class: 'op', id: 'schema-' + name }, [el('b', {}, [name]), schemaBlock(schemas[name])]))
    })
  }).catch(function (e) { document.getElementById('ops').textContent = 'Could not load /openapi.json: ' + e })
})()
`
