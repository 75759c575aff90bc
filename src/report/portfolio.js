(function(){
'use strict';
// The documents: see src/report/portfolio.rs for the layout of each row.
var D=JSON.parse(document.getElementById('data').textContent);
var T=D.terms,S=D.s,R=D.d,N=R.length,NT=T.length,ROW=25,PAD=20;
var grid=document.getElementById('grid'),heat=document.getElementById('heat'),tbody=heat.tBodies[0];
var shown=document.getElementById('shown'),q=document.getElementById('q');
var termSel=document.getElementById('term'),verdictSel=document.getElementById('verdict');
var NAMES={C:'conformant',W:'weakened',D:'deviating',M:'missing'},RANK={C:0,W:1,D:2,M:3};
var crit=T.map(function(t){return t[3]===1;});
var P=new Array(N),critMissing=new Int32Array(N),lower=null;
for(var i=0;i<N;i++){
  var r=R[i],v=r[6],n=0;
  P[i]=S[r[0]]+r[1];
  for(var j=0;j<v.length;j++){if(crit[j]&&(v[j]==='M'||v[j]==='m'))n++;}
  critMissing[i]=n;
}
function esc(s){return String(s).replace(/[&<>"']/g,function(c){return '&#'+c.charCodeAt(0)+';';});}

// Order: worst first by default (most critical terms missing, then lowest
// coverage; unreadable files, then files not checked, last); or by a column.
var order=[],view=[],sortKey='worst',asc=true,selected=-1;
function statusRank(i){return R[i][2];}
function keyOf(key,i){
  var r=R[i];
  if(key==='supplier')return S[r[3]].toLowerCase();
  if(key==='coverage')return r[2]===0?r[5]:(asc?1000+r[2]:-1-r[2]);
  if(key.charAt(0)==='t'){var c=r[6].charAt(+key.slice(1)).toUpperCase();return c in RANK?RANK[c]:(asc?9:-1);}
  return 0;
}
function sortRows(){
  order=new Array(N);
  for(var i=0;i<N;i++)order[i]=i;
  if(sortKey==='worst'){
    order.sort(function(a,b){
      return statusRank(a)-statusRank(b)||critMissing[b]-critMissing[a]||(R[a][5]-R[b][5])||a-b;
    });
    return;
  }
  if(sortKey==='path'){if(!asc)order.reverse();return;}
  var keys=order.map(function(i){return keyOf(sortKey,i);});
  order.sort(function(a,b){
    var x=keys[a],y=keys[b],c=x<y?-1:x>y?1:0;
    return (asc?c:-c)||a-b;
  });
}

// Filters: text in the path or the supplier, a term, a verdict.
function apply(){
  var text=q.value.toLowerCase(),t=termSel.value===''?-1:+termSel.value,v=verdictSel.value;
  if(text&&!lower){lower=P.map(function(p,i){return p.toLowerCase()+'\u0000'+S[R[i][3]].toLowerCase();});}
  view=[];
  for(var k=0;k<N;k++){
    var i=order[k],r=R[i];
    if(text&&lower[i].indexOf(text)<0)continue;
    if(v==='error'){if(r[2]!==1)continue;}
    else if(v==='skipped'){if(r[2]!==2)continue;}
    else if(v){
      var vs=r[6].toUpperCase();
      if(t>=0?vs.charAt(t)!==v:vs.indexOf(v)<0)continue;
    }
    view.push(i);
  }
  shown.textContent=view.length+' of '+N+' documents shown';
  render(true);
}

// The virtualised body: only the rows in view (and PAD either side) exist.
var CELL={'-':'<td class="v"></td>'};
'CWDM'.split('').forEach(function(c){
  var l=c.toLowerCase();
  CELL[c]='<td class="v v'+l+'">'+c+'</td>';
  CELL[l]='<td class="v v'+l+' h">'+l+'</td>';
});
var ERR='<td class="v ve">!</td>',SKIP='<td class="v vs">\u00b7</td>';
function rowHtml(i){
  var r=R[i],sup=S[r[3]];
  var s='<tr data-i="'+i+'"'+(i===selected?' class="sel"':'')+'><td class="path" title="'+esc(P[i])+
    '"><div><span class="dir">'+esc(S[r[0]])+'</span><span class="fn">'+esc(r[1])+'</span></div></td>'+
    '<td class="sup" title="'+esc(sup)+'">'+esc(sup)+'</td>';
  if(r[2]===0){
    s+='<td class="cov">'+r[5]+'%</td>';
    for(var j=0;j<NT;j++)s+=CELL[r[6].charAt(j)||'-']||CELL['-'];
  }else{
    var cls=r[2]===1?'ve':'vs';
    s+='<td class="cov '+cls+'" title="'+esc(r[10])+'">'+esc(S[r[9]])+'</td>';
    s+=(r[2]===1?ERR:SKIP).repeat(NT);
  }
  return s+'</tr>';
}
function pad(h){return h>0?'<tr class="pad" style="height:'+h+'px"><td colspan="'+(NT+3)+'"></td></tr>':'';}
var shownFrom=-1,shownTo=-1,firstDone=false;
function render(force){
  var top=grid.scrollTop,h=grid.clientHeight||600;
  var from=Math.max(0,Math.floor(top/ROW)-PAD),to=Math.min(view.length,Math.ceil((top+h)/ROW)+PAD);
  if(!force&&from===shownFrom&&to===shownTo)return;
  shownFrom=from;shownTo=to;
  var html=[pad(from*ROW)];
  for(var k=from;k<to;k++)html.push(rowHtml(view[k]));
  html.push(pad((view.length-to)*ROW));
  tbody.innerHTML=html.join('');
  if(!firstDone){
    firstDone=true;
    // When the first rows were on screen, in ms since the page started loading (read by tests and benches).
    document.documentElement.setAttribute('data-first-render',String(Math.round(performance.now())));
  }
}
var pending=false;
grid.addEventListener('scroll',function(){
  if(pending)return;
  pending=true;
  requestAnimationFrame(function(){pending=false;render(false);});
});

// Sorting by a column head; "worst first" again from the button.
var heads=heat.tHead.rows[0].cells;
function mark(th){
  Array.prototype.forEach.call(heads,function(h){h.classList.remove('sorted-asc','sorted-desc');});
  if(th)th.classList.add(asc?'sorted-asc':'sorted-desc');
}
Array.prototype.forEach.call(heads,function(th){
  th.addEventListener('click',function(){
    var key=th.getAttribute('data-key');
    // Term columns start with the worst verdict; the others ascending.
    asc=key===sortKey?!asc:key.charAt(0)!=='t';
    sortKey=key;mark(th);sortRows();apply();grid.scrollTop=0;
  });
});
document.getElementById('worst').addEventListener('click',function(){
  sortKey='worst';asc=true;mark(null);sortRows();apply();grid.scrollTop=0;
});
[q,termSel,verdictSel].forEach(function(e){
  e.addEventListener('input',apply);e.addEventListener('change',apply);
});

// Drill-down: a click on a row (or #doc-N in the address) shows every term of that document.
tbody.addEventListener('click',function(e){
  var tr=e.target.closest('tr[data-i]');
  if(tr)location.hash='doc-'+tr.getAttribute('data-i');
});
function detail(i){
  var r=R[i],d=document.getElementById('detail');
  if(!r)return;
  selected=i;render(true);
  var h='<h3>'+esc(P[i])+'</h3><p>';
  if(S[r[3]])h+='supplier <b>'+esc(S[r[3]])+'</b> \u00b7 ';
  if(S[r[4]])h+='customer <b>'+esc(S[r[4]])+'</b> \u00b7 ';
  if(r[2]===0)h+='coverage <b id="d-coverage">'+r[5]+'%</b>';
  h+='</p>';
  if(r[2]!==0){
    h+='<p class="err">'+(r[2]===1?'unreadable':'not checked')+' <b>'+esc(S[r[9]])+'</b>: '+esc(r[10])+'</p>';
  }else{
    var f={},fs=r[8];
    for(var k=0;k+3<fs.length;k+=4)f[fs[k]]=[fs[k+1],fs[k+2],fs[k+3]];
    h+='<table><thead><tr><th>term</th><th>verdict</th><th>kinds</th><th>clause</th><th>message</th><th>text</th></tr></thead><tbody>';
    for(var j=0;j<NT;j++){
      var c=r[6].charAt(j);
      if(!c||c==='-')continue;
      var x=f[j]||[0,0,0],u=c.toUpperCase(),clause=r[7].length?S[r[7][j]]:'';
      h+='<tr data-term="'+esc(T[j][0])+'"><td>'+esc(T[j][0])+(crit[j]?' \u2605':'')+'</td><td class="v'+u.toLowerCase()+
        (c!==u?' h':'')+'">'+NAMES[u]+(c!==u?' (hidden)':'')+'</td><td>'+esc(S[x[0]])+'</td><td class="clause">'+
        esc(clause||'\u2014')+'</td><td>'+esc(S[x[1]])+'</td><td class="text">'+esc(S[x[2]])+'</td></tr>';
    }
    h+='</tbody></table>';
  }
  d.innerHTML=h;d.hidden=false;d.setAttribute('data-i',String(i));
}
function openHash(){
  var m=/^#doc-(\d+)$/.exec(location.hash);
  if(m)detail(+m[1]);
}
window.addEventListener('hashchange',function(){openHash();document.getElementById('detail').scrollIntoView();});

// The totals table sorts by any column.
Array.prototype.forEach.call(document.querySelectorAll('table.sortable'),function(table){
  var ths=table.tHead.rows[0].cells;
  Array.prototype.forEach.call(ths,function(th,col){
    th.addEventListener('click',function(){
      var up=!th.classList.contains('sorted-asc'),num=th.getAttribute('data-type')==='num';
      Array.prototype.forEach.call(ths,function(h){h.classList.remove('sorted-asc','sorted-desc');});
      th.classList.add(up?'sorted-asc':'sorted-desc');
      var rows=Array.prototype.slice.call(table.tBodies[0].rows);
      function val(tr){var td=tr.cells[col],v=td.getAttribute('data-v');v=v===null?td.textContent:v;return num?+v:v;}
      rows.sort(function(a,b){var x=val(a),y=val(b),c=x<y?-1:x>y?1:0;return up?c:-c;});
      rows.forEach(function(tr){table.tBodies[0].appendChild(tr);});
    });
  });
});

sortRows();
apply();
openHash();
})();
