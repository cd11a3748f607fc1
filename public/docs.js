(function () {
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
