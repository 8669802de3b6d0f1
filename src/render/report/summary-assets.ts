/**
 * Stylesheet additions and the script of the summary page of large fleets (summary.ts). Like the
 * full page's script, this one is static text allowed by its hash: it reads the plan data only as
 * JSON from the page's data island and builds every row with createElement and textContent, so
 * plan text never becomes markup.
 */

export const SUMMARY_CSS = `
.notice{background:#ddf4ff;border:1px solid #b6e3ff;border-radius:8px;padding:8px 14px;margin:0 0 16px}
.notice p{margin:4px 0}
table.grid td.num{text-align:right;font-variant-numeric:tabular-nums}
table.grid td.badn{color:var(--bad);font-weight:600}table.grid td.warnn{color:var(--warn);font-weight:600}
button.acct-open{font:inherit;font-weight:600;border:0;background:none;cursor:pointer;padding:0;color:var(--accent)}
button.acct-open::before{content:"\\25B8  "}button.acct-open[aria-expanded=true]::before{content:"\\25BE  "}
table.grid tr.detail>td{padding:0 0 10px 22px;background:#f6f8fa;white-space:normal}
table.grid tr.detail table.grid{width:auto;background:#fff;border-left:1px solid var(--line)}
table.grid tr.detail thead th,table.grid tr.detail td.rowh{position:static}
button.more{font:inherit;font-size:12px;margin:6px 0;padding:2px 10px;border:1px solid var(--line);border-radius:6px;background:#fff;cursor:pointer}
details.fgroup{border-top:1px solid #eaeef2}
details.fgroup>summary{cursor:pointer;padding:7px 12px;display:flex;gap:10px;align-items:baseline;min-width:0}
details.fgroup>summary .n{color:var(--muted);font-size:12px;white-space:nowrap}
details.fgroup>summary .example{color:var(--muted);font-size:12px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;min-width:0}
`;

/**
 * Filter: the query matches a cluster's text (name, account, region, EKS name, labels) and a
 * finding's (id, severity, link, subject, message); "only problems" keeps clusters with a problem
 * or a warning. Account rows show how many of their clusters match; an account opens to list them
 * (200 at a time), and when at most 200 clusters match in all, the accounts that hold them open by
 * themselves. Finding kinds open the same way (at most 50 findings match).
 */
export const SUMMARY_SCRIPT = `
(function(){
  var D=JSON.parse(document.getElementById('fleet-data').textContent);
  var S=D.s,W=D.w,NI=D.ni,A=D.a,C=D.c,G=D.g,F=D.f,CAP=200,AUTO=200,FAUTO=50;
  var q=document.getElementById('q'),only=document.getElementById('only-problems'),count=document.getElementById('match-count');
  function all(s){return Array.prototype.slice.call(document.querySelectorAll(s));}
  var rows=all('#accounts tr.acct'),groups=all('details.fgroup'),links=all('#sec-findings details.link');
  var hit=new Uint8Array(C.length),fhit=new Uint8Array(F.length),fq=null;
  var userOpen={},autoOpen={},detail={},cap={},fcap={},fauto={};
  function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e;}
  function td(cls,text,why,title){var e=el('td',cls,text);if(why)e.appendChild(el('span','why',why));if(title)e.title=title;return e;}
  function cellTd(code,a,b){
    if(code==='o')return td('ok','\\u2713 reaches');
    if(code==='x')return td('bad','\\u2717 reaches',a,'UNINTENDED: '+a);
    if(code==='b')return td('miss','\\u2717 blocked',a,b?'intended but blocked '+b:'intended but not reachable');
    if(code==='-')return td('none','\\u2013');
    return td('unk','?','', 'not evaluated');
  }
  function clusterTr(i){
    var c=C[i],tr=el('tr','row'+(c[3]===2?' problem':c[3]===1?' warn':'')),h=el('td','rowh');
    h.appendChild(el('b',null,c[0]));
    if(c[4]){h.appendChild(document.createTextNode(' '));var b=el('button','fbadge '+(c[4].indexOf('error')>=0?'error':'warning'),c[4]);b.type='button';b.setAttribute('data-filter',c[0].toLowerCase());b.title='show the findings about this cluster';h.appendChild(b);}
    h.appendChild(el('span','sub',c[1]));tr.appendChild(h);
    var acc=el('td','acc');S[c[5]].split('\\n').forEach(function(line,k){if(k)acc.appendChild(el('br'));acc.appendChild(document.createTextNode(line));});
    if(c[6]>=0)acc.title=S[c[6]];tr.appendChild(acc);
    var L=c[7],d=c[8],di=0,reach=[];
    for(var j=0;j<L.length;j++){
      var code=L.charAt(j),x='',y='';
      if(code==='x')x=S[d[di++]];else if(code==='b'){x=S[d[di++]];y=S[d[di++]];}
      if(j<NI)tr.appendChild(cellTd(code,x,y));else if(code==='x')reach.push(W[j][0]);
    }
    if(W.length>NI)tr.appendChild(reach.length===0?td('none ws','none reach'):td('bad ws','\\u2717 '+reach.length+' reach',reach.join(', '),'UNINTENDED: '+reach.join(', ')));
    return tr;
  }
  function headTr(){
    var tr=el('tr');tr.appendChild(el('th','rowh','cluster'));tr.appendChild(el('th','acc','access granted'));
    for(var j=0;j<NI;j++){var th=el('th',null,W[j][0]);th.title=W[j][3];th.appendChild(el('span','kind',W[j][1]));tr.appendChild(th);}
    if(W.length>NI){var o=el('th','ws','other principals');o.appendChild(el('span','kind',(W.length-NI)+' that must reach nothing'));tr.appendChild(o);}
    return tr;
  }
  function isOpen(k){return !!(userOpen[k]||autoOpen[k]);}
  function render(k){
    var row=rows[k],btn=row.querySelector('button.acct-open');
    if(detail[k]){detail[k].parentNode.removeChild(detail[k]);delete detail[k];}
    btn.setAttribute('aria-expanded',isOpen(k)&&!row.hidden?'true':'false');
    if(!isOpen(k)||row.hidden)return;
    var a=A[k],list=[];
    for(var i=a[1];i<a[1]+a[2];i++)if(hit[i])list.push(i);
    var n=cap[k]||CAP,tr=el('tr','detail'),cell=el('td'),t=el('table','grid'),th=el('thead'),tb=el('tbody');
    cell.colSpan=row.children.length;th.appendChild(headTr());t.appendChild(th);
    list.slice(0,n).forEach(function(i){tb.appendChild(clusterTr(i));});
    t.appendChild(tb);cell.appendChild(t);
    if(list.length>n){var m=el('button','more','show '+Math.min(CAP,list.length-n)+' more of '+list.length);m.type='button';m.addEventListener('click',function(){cap[k]=n+CAP;render(k);});cell.appendChild(m);}
    tr.appendChild(cell);row.parentNode.insertBefore(tr,row.nextSibling);detail[k]=tr;
  }
  function findingEl(i){
    var f=F[i],g=G[f[0]],art=el('article','finding sev-'+g[2]),h=el('h3');
    h.appendChild(el('span','badge '+g[2],g[2]));h.appendChild(el('code',null,g[1]));h.appendChild(el('span','subject',f[1]));
    art.appendChild(h);art.appendChild(el('p',null,f[2]));
    if(f[4].length){var ul=el('ul','evidence');f[4].forEach(function(s){ul.appendChild(el('li',null,S[s]));});art.appendChild(ul);}
    if(f[3]>=0){var fix=el('div','fix');fix.appendChild(el('b',null,'Fix:'));fix.appendChild(document.createTextNode(' '+S[f[3]]));art.appendChild(fix);}
    return art;
  }
  var firstOf=[];(function(){for(var i=F.length-1;i>=0;i--)firstOf[F[i][0]]=i;})();
  function renderGroup(k){
    var d=groups[k],box=d.querySelector('.items');box.textContent='';
    if(!d.open)return;
    var n=fcap[k]||CAP,shown=0,total=0;
    for(var i=firstOf[k];i<F.length&&F[i][0]===k;i++){if(!fhit[i])continue;total++;if(shown<n){box.appendChild(findingEl(i));shown++;}}
    if(total>n){var m=el('button','more','show '+Math.min(CAP,total-n)+' more of '+total);m.type='button';m.addEventListener('click',function(){fcap[k]=n+CAP;renderGroup(k);});box.appendChild(m);}
  }
  function apply(){
    var t=q.value.trim().toLowerCase(),p=!!(only&&only.checked),shown=0,per=[];
    for(var k=0;k<A.length;k++){
      var a=A[k],m=0;
      for(var i=a[1];i<a[1]+a[2];i++){var v=(!t||C[i][2].indexOf(t)>=0)&&(!p||C[i][3]>0);hit[i]=v?1:0;if(v)m++;}
      per.push(m);shown+=m;rows[k].hidden=m===0;
      rows[k].querySelector('td.shown').textContent=t||p?m+' of '+a[2]:'';
    }
    var was=autoOpen;autoOpen={};
    if((t||p)&&shown<=AUTO)for(k=0;k<A.length;k++)if(per[k]>0)autoOpen[k]=1;
    for(k=0;k<A.length;k++)if(isOpen(k)||detail[k]||was[k])render(k);
    if(t&&!fq)fq=F.map(function(f){var g=G[f[0]];return (g[1]+' '+g[2]+' '+g[0]+' '+f[1]+' '+f[2]).toLowerCase();});
    var gm=[],ftotal=0;
    for(k=0;k<G.length;k++)gm.push(0);
    for(i=0;i<F.length;i++){var v2=!t||fq[i].indexOf(t)>=0;fhit[i]=v2?1:0;if(v2){gm[F[i][0]]++;ftotal++;}}
    groups.forEach(function(d,k){
      d.hidden=gm[k]===0;d.querySelector('.shown').textContent=String(gm[k]);
      var auto=!!t&&ftotal<=FAUTO&&gm[k]>0;
      if(auto&&!d.open){fauto[k]=1;d.open=true;}else if(!auto&&fauto[k]){delete fauto[k];d.open=false;}
      renderGroup(k);
    });
    links.forEach(function(l){l.hidden=!l.querySelector('details.fgroup:not([hidden])');});
    all('.nomatch').forEach(function(m){m.hidden=m.getAttribute('data-for')==='accounts'?shown>0:ftotal>0;});
    if(count)count.textContent=shown+' of '+C.length+' clusters';
  }
  rows.forEach(function(r,k){r.querySelector('button.acct-open').addEventListener('click',function(){userOpen[k]=!isOpen(k);if(!userOpen[k])delete autoOpen[k];render(k);});});
  groups.forEach(function(d,k){d.addEventListener('toggle',function(){if(!d.open)delete fauto[k];renderGroup(k);});});
  document.addEventListener('click',function(e){
    var b=e.target&&e.target.closest?e.target.closest('button.fbadge'):null;if(!b)return;
    q.value=b.getAttribute('data-filter')||'';apply();var f=document.getElementById('sec-findings');if(f){f.open=true;f.scrollIntoView();}
  });
  var timer;
  q.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(apply,60);});
  if(only)only.addEventListener('change',apply);
  document.addEventListener('keydown',function(e){if(e.key==='/'&&document.activeElement!==q){e.preventDefault();q.focus();}});
  apply();
})();
`;
