/**
 * The report's inline stylesheet and script. The page loads nothing: the CSP in report.ts
 * allows only inline style and script, and data: images; fonts are the system's own.
 * The script reads the DOM only (no plan data is ever interpolated into it).
 */

export const REPORT_CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--bg:#fff;--accent:#0969da;
--ok:#1a7f37;--ok-bg:#dafbe1;--bad:#cf222e;--bad-bg:#ffebe9;--warn:#9a6700;--warn-bg:#fff8c5;--info:#0969da;--info-bg:#ddf4ff;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--soft)}
*{box-sizing:border-box}
body{margin:0;font-size:14px;line-height:1.45}
code,.mono{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;font-size:12px}
header.top{background:#24292f;color:#fff;padding:14px 28px 12px}
header.top .brand{font-size:12px;letter-spacing:.08em;text-transform:uppercase;color:#9da7b3;font-weight:600}
header.top h1{margin:2px 0 4px;font-size:21px;font-weight:600}
header.top .meta{margin:0;color:#c9d1d9;font-size:13px}
header.top .meta span+span::before{content:"·";margin:0 8px;color:#6e7781}
.toolbar{position:sticky;top:0;z-index:20;display:flex;gap:14px;align-items:center;padding:9px 28px;background:rgba(255,255,255,.96);border-bottom:1px solid var(--line);box-shadow:0 1px 3px rgba(31,35,40,.06)}
.toolbar input[type=search]{flex:0 1 420px;padding:6px 10px;border:1px solid var(--line);border-radius:6px;font:inherit;background:#fff}
.toolbar input[type=search]:focus{outline:2px solid var(--accent);outline-offset:-1px;border-color:var(--accent)}
.toolbar label{color:var(--muted);display:flex;gap:6px;align-items:center;cursor:pointer;user-select:none}
.toolbar .count{margin-left:auto;color:var(--muted);font-variant-numeric:tabular-nums}
main{padding:18px 28px 32px;max-width:1600px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin-bottom:18px}
.card{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.card .k{color:var(--muted);font-size:12px}
.card .v{font-size:20px;font-weight:600;font-variant-numeric:tabular-nums}
.card .v small{font-size:12px;font-weight:400;color:var(--muted)}
.card .v .more{display:block;font-size:12px;font-weight:400;color:var(--muted)}
.card.ok{border-left:4px solid var(--ok)}.card.bad{border-left:4px solid var(--bad)}.card.warn{border-left:4px solid var(--warn)}
.card.ok .v{color:var(--ok)}.card.bad .v{color:var(--bad)}.card.warn .v{color:var(--warn)}
details.section{background:var(--bg);border:1px solid var(--line);border-radius:8px;margin:0 0 16px}
details.section>summary{list-style:none;cursor:pointer;padding:11px 16px;display:flex;align-items:baseline;gap:12px;border-bottom:1px solid transparent}
details.section[open]>summary{border-bottom-color:var(--line)}
details.section>summary::-webkit-details-marker{display:none}
details.section>summary::before{content:"▸";color:var(--muted);width:10px;transition:transform .1s}
details.section[open]>summary::before{transform:rotate(90deg)}
details.section>summary h2{margin:0;font-size:16px;font-weight:600}
summary .hint{color:var(--muted);font-size:13px}
.body{padding:12px 16px 16px}
.legend{display:flex;flex-wrap:wrap;gap:14px;color:var(--muted);font-size:12px;margin:0 0 10px}
.legend i{display:inline-block;width:12px;height:12px;border-radius:3px;vertical-align:-2px;margin-right:5px;border:1px solid rgba(0,0,0,.12)}
.diagram-scroll{overflow:auto;max-height:75vh;border:1px solid var(--line);border-radius:6px;background:#fff}
.diagram-scroll svg{display:block;width:100%;min-width:980px;height:auto}
.diagram-scroll .fl-node.dim{opacity:.22}
.matrix-tools{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:8px;margin:0 0 10px}
.matrix-tools .legend{margin:0}
label.fold{color:var(--muted);font-size:12px;display:flex;gap:6px;align-items:center;cursor:pointer}
table.compact .wx,table:not(.compact) .ws{display:none}
.matrix-scroll{overflow:auto;max-height:72vh;border:1px solid var(--line);border-radius:6px}
table{border-collapse:separate;border-spacing:0;width:100%}
table.grid th,table.grid td{border-bottom:1px solid #eaeef2;border-right:1px solid #eaeef2;padding:5px 9px;text-align:left;vertical-align:top;white-space:nowrap}
table.grid thead th{position:sticky;top:0;z-index:2;background:#f6f8fa;border-bottom:1px solid var(--line);font-weight:600;font-size:12px;vertical-align:bottom;white-space:normal;min-width:96px;max-width:170px;overflow-wrap:anywhere}
table.grid thead th .kind{display:block;font-weight:400;color:var(--muted);font-size:11px}
table.grid thead th .tag{display:inline-block;font-size:10px;font-weight:600;color:var(--ok);background:var(--ok-bg);border-radius:8px;padding:0 6px;margin-top:2px}
table.grid th.rowh,table.grid td.rowh{position:sticky;left:0;z-index:1;background:#fff;min-width:220px;border-right:1px solid var(--line)}
table.grid thead th.rowh{z-index:3;background:#f6f8fa}
table.grid tr.grp th{position:sticky;left:0;background:#eef2f6;color:#32383f;font-size:12px;font-weight:600;text-align:left;padding:5px 9px;border-bottom:1px solid var(--line)}
table.grid td.acc{color:#32383f;font-size:12px;white-space:normal;min-width:170px;max-width:260px}
table.grid thead th.acc{min-width:170px}
table.grid td.rowh .sub{display:block;color:var(--muted);font-size:11px}
table.grid tr.problem td.rowh{box-shadow:inset 3px 0 0 var(--bad)}
table.grid tr.warn td.rowh{box-shadow:inset 3px 0 0 #d4a72c}
button.fbadge{font:inherit;font-size:10px;font-weight:600;border:0;border-radius:8px;padding:0 6px;margin-left:4px;cursor:pointer;vertical-align:1px}
button.fbadge.error{background:var(--bad-bg);color:var(--bad)}button.fbadge.warning{background:var(--warn-bg);color:var(--warn)}
td.ok{background:var(--ok-bg);color:var(--ok);font-weight:500}
td.bad{background:var(--bad-bg);color:var(--bad);font-weight:700}
td.miss{background:#fff1e5;color:#bc4c00;font-weight:600}
td.none{color:#afb8c1;text-align:center}
td.unk{background:#f6f8fa;color:var(--muted)}
td .why{display:block;font-weight:400;font-size:11px;white-space:normal;max-width:320px;color:inherit;opacity:.9}
.badge{display:inline-block;font-size:11px;font-weight:600;border-radius:10px;padding:1px 8px;text-transform:uppercase;letter-spacing:.03em}
.badge.error{background:var(--bad-bg);color:var(--bad)}.badge.warning{background:var(--warn-bg);color:var(--warn)}.badge.info{background:var(--info-bg);color:var(--info)}
details.link{border:1px solid var(--line);border-radius:6px;margin:0 0 10px}
details.link>summary{cursor:pointer;padding:8px 12px;background:var(--soft);border-radius:6px;display:flex;gap:10px;align-items:center}
details.link[open]>summary{border-bottom:1px solid var(--line);border-radius:6px 6px 0 0}
details.link>summary b{text-transform:capitalize}
details.link>summary .n{color:var(--muted);font-size:12px}
article.finding{padding:10px 14px;border-bottom:1px solid #eaeef2}
article.finding:last-child{border-bottom:0}
article.finding h3{margin:0 0 3px;font-size:14px;display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
article.finding h3 code{color:var(--muted)}
article.finding .subject{font-weight:500;color:var(--fg);word-break:break-all}
article.finding p{margin:3px 0}
article.finding ul.evidence{margin:4px 0;padding-left:18px;color:var(--muted);font-size:12px}
article.finding ul.evidence code{word-break:break-all;white-space:pre-wrap}
article.finding .fix{margin-top:6px;background:#f6fff8;border:1px solid #b7e4c7;border-radius:6px;padding:7px 10px;white-space:pre-wrap}
article.finding .fix b{color:var(--ok)}
.empty{color:var(--muted);padding:8px 2px}
.empty.good{color:var(--ok);font-weight:500}
footer{color:var(--muted);font-size:12px;padding:0 28px 24px}
@media print{
  :root{background:#fff}
  .toolbar{display:none}
  header.top{background:#fff;color:var(--fg);border-bottom:2px solid var(--fg);padding:0 0 8px}
  header.top .meta{color:var(--muted)}
  main{padding:12px 0;max-width:none}
  details.section,details.link{border-color:#999;break-inside:auto}
  details::details-content{content-visibility:visible;display:block}
  .diagram-scroll,.matrix-scroll{max-height:none;overflow:visible;border:0}
  .diagram-scroll svg{min-width:0}
  table.grid thead th,table.grid th.rowh,table.grid td.rowh,table.grid tr.grp th{position:static}
  table.grid thead{display:table-header-group}
  tr,article.finding,.card{break-inside:avoid}
  h2,summary{break-after:avoid}
  td.ok,td.bad,td.miss,.badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

/**
 * Filter: a query matching cluster rows (name, account, region, EKS name) narrows the rows;
 * a query matching no cluster but some witness narrows the columns instead. Findings and
 * doctor rows narrow by their own text. "Only problems" keeps rows with a red or orange cell or
 * an error or warning finding about the cluster (and broken doctor rows).
 */
export const REPORT_SCRIPT = `
(function(){
  var q=document.getElementById('q'),only=document.getElementById('only-problems'),colStyle=document.getElementById('col-filter'),
      count=document.getElementById('match-count');
  function all(s){return Array.prototype.slice.call(document.querySelectorAll(s));}
  var matrix=document.getElementById('matrix'),showAll=document.getElementById('show-all-witnesses');
  var heads=all('#matrix thead th[data-q]'),rows=all('#matrix tbody tr.row'),groups=all('#matrix tbody'),
      findings=all('.finding[data-q]'),links=all('details.link'),drows=all('#doctor tbody tr.row'),
      nodes=all('.diagram-scroll .fl-node[data-kind=cluster]');
  function shownRows(body){return body.querySelectorAll('tr.row:not([hidden])').length;}
  function bad(r){return r.classList.contains('problem')||r.classList.contains('warn');}
  function has(el,t){return (el.getAttribute('data-q')||'').indexOf(t)>=0;}
  function apply(){
    var t=q.value.trim().toLowerCase(),p=only&&only.checked;
    var rowHit=!t||rows.some(function(r){return has(r,t);})||drows.some(function(r){return has(r,t);});
    var colMode=!!t&&!rowHit&&heads.some(function(h){return has(h,t);});
    var css='';
    if(colMode)heads.forEach(function(h){if(!has(h,t))css+='#matrix tr>:nth-child('+(Array.prototype.indexOf.call(h.parentNode.children,h)+1)+'){display:none}';});
    if(colMode)css+='#matrix .ws{display:none}';
    colStyle.textContent=css;
    if(matrix)matrix.classList.toggle('compact',!colMode&&!!showAll&&!showAll.checked);
    var shown=0;
    rows.forEach(function(r){var v=(!t||colMode||has(r,t))&&(!p||bad(r));r.hidden=!v;if(v)shown++;});
    groups.forEach(function(g){var h=g.querySelector('tr.grp');if(h)h.hidden=!g.querySelector('tr.row:not([hidden])');});
    drows.forEach(function(r){r.hidden=!((!t||colMode||has(r,t))&&(!p||bad(r)));});
    findings.forEach(function(f){f.hidden=!(!t||has(f,t));});
    links.forEach(function(d){var n=d.querySelectorAll('.finding:not([hidden])').length;d.hidden=n===0;var c=d.querySelector('.shown');if(c)c.textContent=String(n);});
    all('.nomatch').forEach(function(m){var body=m.parentNode;m.hidden=m.getAttribute('data-for')==='matrix'?shownRows(body)>0:!!body.querySelector('.finding:not([hidden])');});
    nodes.forEach(function(n){var k=((n.getAttribute('data-key')||'')+' '+(n.getAttribute('data-account')||'')).toLowerCase();n.classList.toggle('dim',!!t&&!colMode&&k.indexOf(t)<0);});
    if(count)count.textContent=shown+' of '+rows.length+' clusters'+(colMode?' · witness columns filtered':'');
  }
  var timer;
  q.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(apply,rows.length>300?120:0);});
  if(only)only.addEventListener('change',apply);
  if(showAll)showAll.addEventListener('change',apply);
  all('button.fbadge').forEach(function(b){b.addEventListener('click',function(){q.value=b.getAttribute('data-filter')||'';apply();var f=document.getElementById('sec-findings');if(f){f.open=true;f.scrollIntoView();}});});
  document.addEventListener('keydown',function(e){if(e.key==='/'&&document.activeElement!==q){e.preventDefault();q.focus();}});
  var closed=[];
  window.addEventListener('beforeprint',function(){closed=all('details:not([open])');closed.forEach(function(d){d.open=true;});});
  window.addEventListener('afterprint',function(){closed.forEach(function(d){d.open=false;});closed=[];});
  apply();
})();
`;
