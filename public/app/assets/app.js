
document.querySelectorAll('[data-copy]').forEach(function(b){b.hidden=false;b.addEventListener('click',function(){
var t=document.getElementById(b.getAttribute('data-copy'));navigator.clipboard.writeText(t.textContent).then(function(){b.textContent='Copied'})})});
var body=document.querySelector('tbody[data-poll]');
if(body){var seen={};body.querySelectorAll('tr[data-id]').forEach(function(r){seen[r.dataset.id]=r.dataset.stage});
setInterval(function(){if(document.hidden)return;fetch(body.dataset.poll,{credentials:'same-origin'}).then(function(r){return r.ok?r.text():null}).then(function(h){
if(h===null)return;body.innerHTML=h;body.querySelectorAll('tr[data-id]').forEach(function(r){
if(r.dataset.stage==='sql'&&seen[r.dataset.id]!=='sql')r.classList.add('just-sql');seen[r.dataset.id]=r.dataset.stage});
var s=document.getElementById('refreshed');if(s)s.textContent='updated '+new Date().toLocaleTimeString()})},Number(body.dataset.every)||15000)}
