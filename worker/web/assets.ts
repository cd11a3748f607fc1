/**
 * The app's only stylesheet and script, served from the Worker (no CDN, no web fonts: the system font
 * stack). Both are small and cached by URL: the `v` in their URL changes whenever their text does.
 */

export const CSS = `
:root{--fg:#16202a;--muted:#5a6775;--bg:#f6f7f9;--card:#fff;--line:#dde2e8;--accent:#0b5cad;--mql:#a35a00;--sql:#b3261e;--ok:#17703a;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
*{box-sizing:border-box}body{margin:0}a{color:var(--accent)}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem;padding:.5rem 1rem;background:#16202a;color:#fff}
header a{color:#fff;text-decoration:none;padding:.35rem .1rem}header a[aria-current=page]{border-bottom:2px solid #7fb6f0}
header .brand{font-weight:700;margin-right:.5rem}header form{margin-left:auto}
header button{background:none;color:#cfd8e3;border:1px solid #4b5a69;padding:.2rem .6rem}
main{max-width:1100px;margin:0 auto;padding:1rem}h1{font-size:1.35rem;margin:.25rem 0 1rem}h2{font-size:1.05rem;margin:1.5rem 0 .5rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1rem;margin-bottom:1rem}
table{width:100%;border-collapse:collapse;background:var(--card)}th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
th{white-space:nowrap;overflow-wrap:normal;font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:var(--muted)}.small{font-size:.85rem}
.stage{display:inline-block;padding:0 .45rem;border-radius:999px;font-size:.8rem;border:1px solid var(--line);background:#eef1f4}
.stage-mql{background:#fff1de;border-color:#f0c48a}.stage-sql{background:#fde4e2;border-color:#ef9a93}.stage-accepted{background:#e2f4e8;border-color:#8fd1a6}
tr.just-sql{background:#fff6d6;outline:2px solid #e0b000}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:1rem}
label{display:block;font-size:.85rem;color:var(--muted)}label.inline{display:inline}
input,select,textarea,button{font:inherit;padding:.4rem .5rem;border:1px solid #9aa6b2;border-radius:6px;background:#fff;color:var(--fg)}
button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer}button.secondary{background:#fff;color:var(--accent)}
button.danger{background:#fff;color:var(--sql);border-color:var(--sql)}
:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
.error{color:var(--sql);font-weight:600}.notice{background:#e2f4e8;border:1px solid #8fd1a6;padding:.5rem .75rem;border-radius:6px}
.kpis{display:flex;flex-wrap:wrap;gap:1rem}.kpi{min-width:6rem}.kpi b{display:block;font-size:1.6rem}
.chart svg{width:100%;height:auto;display:block}.chart{min-width:300px}.chart svg.narrow{display:none}
.actions{display:flex;flex-wrap:wrap;gap:.5rem}.actions form{margin:0}
pre,code,textarea.code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{white-space:pre-wrap;word-break:break-all;background:#f0f2f5;padding:.5rem;border-radius:6px}
textarea.code{width:100%;min-height:22rem}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(300px,1fr))}
.scroll{overflow-x:auto}
@media (max-width:640px){main{padding:.6rem}.chart svg.wide{display:none}.chart svg.narrow{display:block}.hide-sm{display:none}th,td{padding:.4rem .3rem}}
`

export const JS = `
document.querySelectorAll('[data-copy]').forEach(function(b){b.hidden=false;b.addEventListener('click',function(){
var t=document.getElementById(b.getAttribute('data-copy'));navigator.clipboard.writeText(t.textContent).then(function(){b.textContent='Copied'})})});
var body=document.querySelector('tbody[data-poll]');
if(body){var seen={};body.querySelectorAll('tr[data-id]').forEach(function(r){seen[r.dataset.id]=r.dataset.stage});
setInterval(function(){if(document.hidden)return;fetch(body.dataset.poll,{credentials:'same-origin'}).then(function(r){return r.ok?r.text():null}).then(function(h){
if(h===null)return;body.innerHTML=h;body.querySelectorAll('tr[data-id]').forEach(function(r){
if(r.dataset.stage==='sql'&&seen[r.dataset.id]!=='sql')r.classList.add('just-sql');seen[r.dataset.id]=r.dataset.stage});
var s=document.getElementById('refreshed');if(s)s.textContent='updated '+new Date().toLocaleTimeString()})},Number(body.dataset.every)||15000)}
`

/** A short content hash for cache-busting URLs (FNV-1a; not security-relevant). */
const version = (s: string) => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return (h >>> 0).toString(36)
}

export const CSS_URL = `/app/assets/app.css?v=${version(CSS)}`
export const JS_URL = `/app/assets/app.js?v=${version(JS)}`
