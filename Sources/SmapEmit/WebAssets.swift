import SmapCore
import SmapModel
import SmapCheck
import SmapLayout

/// The web map's stylesheet and script. Both are the same for every map, so
/// their CSP hashes are too; the map's own data travels in the markup and in
/// one `application/json` block, never inside the script.
enum WebAssets {
    static let css = #"""
:root{--ink:#1a1a1a;--muted:#455a64;--line:#b0bec5;--focus:#0b57d0;--bg:#f4f6f7;--accent:#263238}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:"Liberation Sans",Arial,Helvetica,sans-serif;color:var(--ink);background:var(--bg);line-height:1.5}
a{color:#0b4fb3}
a:focus-visible,button:focus-visible,select:focus-visible,input:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.hoppa{position:absolute;left:.5rem;top:-4rem;background:#fff;color:#0b4fb3;padding:.5rem .8rem;border:2px solid var(--focus);z-index:20}
.hoppa:focus{top:.5rem}
.sidhuvud{background:var(--accent);color:#fff;padding:1.1rem 1.5rem 1.2rem}
.sidhuvud h1{margin:0 0 .2rem;font-size:1.75rem;line-height:1.25}
.sidhuvud .meta{margin:0;color:#eceff1}
.sidhuvud .meta span+span::before{content:" · "}
.sidhuvud .sammanfattning{max-width:75ch;margin:.6rem 0 0;color:#fff}
main{padding:0 1.5rem 2rem}
h2{font-size:1.35rem;margin:1.4rem 0 .6rem}
.kartdel{position:relative}
.hjalp{margin:.2rem 0 .7rem;color:var(--muted);max-width:80ch}
.verktyg{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-end;background:#fff;border:1px solid var(--line);border-radius:6px;padding:.7rem .9rem;margin-bottom:.7rem;position:sticky;top:0;z-index:5}
html:not(.js) .bara-js{display:none!important}
.falt{display:flex;flex-direction:column;gap:.15rem}
.falt label{font-weight:700;font-size:.9rem}
input,select,button{font:inherit;font-size:1rem;min-height:2.3rem;border:1px solid #546e7a;border-radius:4px;background:#fff;color:var(--ink)}
input{padding:.25rem .5rem;min-width:16rem}
select{padding:.2rem .4rem;max-width:22rem}
button{padding:.2rem .7rem;cursor:pointer}
button:hover{background:#eceff1}
.zoom{display:flex;gap:.3rem;align-items:center}
.zoom output{min-width:3.5rem;text-align:center;color:var(--muted)}
.sokresultat{flex-basis:100%;margin:0}
.sokstatus{margin:0;color:var(--muted)}
.traffar:empty{display:none}
.verktyg .sokresultat{margin-top:-.4rem}
.traffar{list-style:none;margin:.3rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.3rem .6rem;max-height:8.5rem;overflow:auto}
.traffar a{display:inline-block;padding:.1rem .45rem;border:1px solid var(--line);border-radius:4px;background:#f8fafb;text-decoration:none}
.traffar a:hover{text-decoration:underline}
.karta{margin:0}
.karta figcaption{font-weight:700;margin:0 0 .3rem}
.vy-ram{background:#fff;border:1px solid var(--line);border-radius:6px;overflow:auto;max-height:80vh;cursor:grab;touch-action:pan-x pan-y}
.vy-ram.drar{cursor:grabbing;user-select:none}
.kartbild{display:block}
.kartbild text{font-family:"Liberation Sans",Arial,Helvetica,sans-serif}
.rubrik{font-size:13px;font-weight:700}
.nr{font-size:12px;font-weight:700}
.typ{font-size:9.5px;font-weight:700;letter-spacing:.06em}
.fot{font-size:11.5px}
.med{font-style:italic}
.etikett{font-size:11px}
.bana-namn{font-size:14px;font-weight:700}
.fas-namn{font-size:13px;font-weight:700}
.fas-text{font-size:10.5px}
a.steg{cursor:pointer}
a.steg:focus{outline:none}
a.steg .ring{stroke:none}
a.steg:hover .form{stroke-width:4}
a.steg:focus-visible .ring,a.steg:focus .ring{stroke:var(--focus);stroke-width:3.5}
a.steg.vald .ring{stroke:#1a1a1a;stroke-width:3.5;stroke-dasharray:5 3}
a.steg.vald .form{stroke-width:4}
.sokning a.steg:not(.traff) .form{fill-opacity:.35}
.sokning a.steg.traff .ring{stroke:#b3261e;stroke-width:4}
.panel{position:fixed;top:0;right:0;bottom:0;width:min(31rem,100%);background:#fff;border-left:5px solid var(--accent);box-shadow:-6px 0 18px rgba(0,0,0,.18);overflow:auto;z-index:10;padding:.8rem 1.2rem 2rem}
.panel-huvud{display:flex;justify-content:space-between;align-items:center;gap:1rem;border-bottom:1px solid var(--line);margin-bottom:.6rem;padding-bottom:.4rem}
.panel-huvud p{margin:0;font-weight:700;color:var(--muted)}
.panel .stod-steg{border:0;box-shadow:none;padding:0;margin:0}
.panel h4{font-size:1.3rem;margin:.2rem 0 .6rem}
.teckenforklaring .legend{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(19rem,1fr));gap:.5rem 1.2rem}
.legend li{display:flex;gap:.6rem;align-items:center;background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:.35rem .6rem}
.legend svg{flex:none}
.stod .ingress{max-width:80ch;color:var(--muted)}
.stod-part{margin:1.2rem 0 1.6rem}
.stod-part h3{display:flex;align-items:center;gap:.5rem;font-size:1.2rem;margin:0 0 .6rem;padding-bottom:.3rem;border-bottom:2px solid var(--line)}
.stod-steg{background:#fff;border:1px solid #dfe3e6;border-radius:6px;padding:.8rem 1.1rem;margin:0 0 .8rem;max-width:62rem}
.stod-steg:target{outline:3px solid var(--focus)}
.stod-steg h4{margin:0 0 .4rem;font-size:1.1rem}
.stod-steg h5{margin:.8rem 0 .2rem;font-size:.95rem}
.nummer{display:inline-block;min-width:1.6rem}
.fakta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .9rem;margin:0 0 .5rem}
.fakta div{display:contents}
.fakta dt{font-weight:700;display:flex;align-items:flex-start;gap:.3rem}
.fakta dd{margin:0}
.info p{margin:.4rem 0;max-width:75ch}
.info ul,.info ol,.lagrum,.lankar,.grannar ul{margin:.3rem 0;padding-left:1.3rem}
.not,.lag-titel,.part-namn,.akt-parter{color:var(--muted)}
.upphavd{color:#b3261e;font-weight:700}
.delade{font-size:1rem}
.sidfot{padding:1rem 1.5rem 2rem;color:var(--muted);border-top:1px solid var(--line);background:#fff}
.sidfot p{max-width:80ch;margin:.3rem 0}
@media (min-width:64rem){body.panel-oppen main,body.panel-oppen .sidfot{margin-right:min(31rem,45%)}}
@media (max-width:40rem){main{padding:0 .7rem 2rem}.sidhuvud{padding:1rem .8rem}input{min-width:0;width:100%}.falt{flex:1 1 100%}select{max-width:100%}}
@media print{
body{background:#fff}
.hoppa,.verktyg,.panel,.hjalp,.karta[hidden]{display:none!important}
.sidhuvud{background:#fff;color:#000;border-bottom:2px solid #000;padding:0 0 .5rem}
.sidhuvud .meta,.sidhuvud .sammanfattning{color:#000}
.vy-ram{overflow:visible;max-height:none;border:0}
.kartbild{width:100%!important;height:auto!important}
.stod-steg{break-inside:avoid;border:0;border-bottom:1px solid #999;border-radius:0;padding:.4rem 0}
.stod-part{break-before:page}
.teckenforklaring{break-inside:avoid}
a{color:#000}
.info a[href^="http"]::after,.lankar a::after{content:" (" attr(href) ")";font-size:.85em;word-break:break-all}
}
"""#

    static let js = #"""
(function () {
  "use strict";
  var doc = document;
  doc.documentElement.classList.add("js");
  var dataElement = doc.getElementById("smap-data");
  var data = dataElement ? JSON.parse(dataElement.textContent) : { steps: [] };
  // Maps keyed by step ids are Maps, never plain objects: an id may be
  // "constructor", "__proto__" or "toString".
  var byStep = new Map();
  data.steps.forEach(function (s) { byStep.set(s.id, s); });
  var figures = Array.prototype.slice.call(doc.querySelectorAll("figure.karta"));
  var current = figures.filter(function (f) { return !f.hidden; })[0] || figures[0];
  var panel = doc.getElementById("panel");
  var panelBody = doc.getElementById("panel-innehall");
  var panelClose = doc.getElementById("panel-stang");
  var viewSelect = doc.getElementById("vy");
  var partySelect = doc.getElementById("part");
  var search = doc.getElementById("sok");
  var searchStatus = doc.getElementById("sok-status");
  var hitList = doc.getElementById("traffar");
  var zoomOutput = doc.getElementById("zoom-niva");
  var lastTrigger = null;
  var selected = null;
  var zoom = 1;
  var boxesCache = new Map();

  function boxes(figure) {
    if (!figure) { return new Map(); }
    var found = boxesCache.get(figure);
    if (!found) {
      found = new Map();
      Array.prototype.forEach.call(figure.querySelectorAll("a.steg"), function (a) {
        var id = a.getAttribute("data-step");
        if (!found.has(id) && !a.classList.contains("form-processLink")) { found.set(id, a); }
      });
      boxesCache.set(figure, found);
    }
    return found;
  }

  function stepFromHref(href) {
    if (!href || href.indexOf("#steg-") !== 0) { return null; }
    var id;
    try { id = decodeURIComponent(href.slice(6)); } catch (e) { return null; }
    return byStep.has(id) ? id : null;
  }

  // Maps: the whole map, each view, each party's own map.
  function show(figure) {
    if (!figure) { return; }
    figures.forEach(function (f) { f.hidden = f !== figure; });
    current = figure;
    applyZoom();
    applySearch();
  }

  function figureFor(key) {
    return figures.filter(function (f) { return f.getAttribute("data-karta") === key; })[0];
  }

  if (viewSelect) {
    viewSelect.addEventListener("change", function () {
      if (partySelect) { partySelect.value = ""; }
      show(figureFor(viewSelect.value ? "vy-" + viewSelect.value : "hela"));
    });
  }
  if (partySelect) {
    partySelect.addEventListener("change", function () {
      if (viewSelect) { viewSelect.value = ""; }
      show(figureFor(partySelect.value ? "part-" + partySelect.value : "hela"));
    });
  }

  // The step panel.
  function openStep(id, push, trigger) {
    var article = doc.getElementById("steg-" + id);
    if (!article) { return; }
    var box = boxes(current).get(id);
    if (!box && figures.length > 1) {
      var whole = figureFor("hela") || figures[0];
      if (boxes(whole).has(id)) {
        if (viewSelect) { viewSelect.value = ""; }
        if (partySelect) { partySelect.value = ""; }
        show(whole);
        box = boxes(whole).get(id);
      }
    }
    var clone = article.cloneNode(true);
    clone.removeAttribute("id");
    clone.removeAttribute("aria-labelledby");
    Array.prototype.forEach.call(clone.querySelectorAll("[id]"), function (e) { e.removeAttribute("id"); });
    var heading = clone.querySelector("h4");
    if (heading) { heading.id = "panel-rubrik"; heading.setAttribute("tabindex", "-1"); }
    panelBody.textContent = "";
    panelBody.appendChild(clone);
    panel.hidden = false;
    doc.body.classList.add("panel-oppen");
    if (selected) { selected.classList.remove("vald"); }
    selected = box || null;
    if (selected) {
      selected.classList.add("vald");
      selected.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
    lastTrigger = trigger || box || lastTrigger;
    if (push) { history.pushState(null, "", "#steg-" + encodeURIComponent(id)); }
    if (heading) { heading.focus(); } else { panel.focus(); }
  }

  function closePanel(updateHistory) {
    if (panel.hidden) { return; }
    panel.hidden = true;
    doc.body.classList.remove("panel-oppen");
    if (selected) { selected.classList.remove("vald"); selected = null; }
    if (updateHistory && stepFromHref(location.hash)) {
      history.pushState(null, "", location.pathname + location.search);
    }
    if (lastTrigger && doc.contains(lastTrigger)) { lastTrigger.focus(); }
  }

  doc.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a") : null;
    if (!link) { return; }
    if (link.classList.contains("steg")) {
      event.preventDefault();
      if (link.classList.contains("form-processLink")) { return; }
      openStep(link.getAttribute("data-step"), true, link);
      return;
    }
    if (link.closest("#panel") || link.closest("#traffar")) {
      var id = stepFromHref(link.getAttribute("href"));
      if (id) {
        event.preventDefault();
        openStep(id, true, boxes(current).get(id) || link);
      }
    }
  });

  doc.addEventListener("keydown", function (event) {
    var target = event.target;
    if ((event.key === " " || event.key === "Spacebar") && target.classList && target.classList.contains("steg")) {
      event.preventDefault();
      if (!target.classList.contains("form-processLink")) { openStep(target.getAttribute("data-step"), true, target); }
    } else if (event.key === "Escape" && !panel.hidden) {
      event.preventDefault();
      closePanel(true);
    }
  });

  panelClose.addEventListener("click", function () { closePanel(true); });

  window.addEventListener("popstate", function () {
    var id = stepFromHref(location.hash);
    if (id) { openStep(id, false); } else { closePanel(false); }
  });

  // Search by title, party and info text.
  function normalise(text) { return text.toLocaleLowerCase("sv").replace(/\s+/g, " ").trim(); }

  function applySearch() {
    if (!search) { return; }
    var query = normalise(search.value);
    var shown = boxes(current);
    shown.forEach(function (box) { box.classList.remove("traff"); });
    hitList.textContent = "";
    if (!query) {
      current.classList.remove("sokning");
      searchStatus.textContent = "";
      return;
    }
    var hits = data.steps.filter(function (s) { return s.s.indexOf(query) !== -1; });
    hits.forEach(function (s) { if (shown.has(s.id)) { shown.get(s.id).classList.add("traff"); } });
    current.classList.add("sokning");
    searchStatus.textContent = hits.length === 0 ? searchStatus.getAttribute("data-inga")
      : hits.length === 1 ? "1 steg hittades." : hits.length + " steg hittades.";
    hits.slice(0, 60).forEach(function (s) {
      var li = doc.createElement("li");
      var a = doc.createElement("a");
      a.href = "#steg-" + encodeURIComponent(s.id);
      a.textContent = (s.n ? s.n + ". " : "") + s.t + " · " + s.p;
      li.appendChild(a);
      hitList.appendChild(li);
    });
  }
  if (search) {
    search.addEventListener("input", applySearch);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var first = hitList.querySelector("a");
        if (first) { first.click(); }
      }
    });
  }

  // Zoom and pan.
  function svgOf(figure) { return figure ? figure.querySelector("svg.kartbild") : null; }
  // Lane names stay in view while the map scrolls sideways.
  function pinHeaders(figure) {
    var frame = figure ? figure.querySelector(".vy-ram") : null;
    var headers = figure ? figure.querySelector(".banhuvuden") : null;
    if (!frame || !headers) { return; }
    var shift = frame.scrollLeft / zoom;
    headers.setAttribute("transform", shift > 0 ? "translate(" + shift.toFixed(1) + " 0)" : "translate(0 0)");
  }
  window.addEventListener("beforeprint", function () {
    figures.forEach(function (f) { var g = f.querySelector(".banhuvuden"); if (g) { g.setAttribute("transform", "translate(0 0)"); } });
  });
  window.addEventListener("afterprint", function () { pinHeaders(current); });

  function applyZoom() {
    var svg = svgOf(current);
    if (!svg) { return; }
    var w = parseFloat(svg.getAttribute("data-width")), h = parseFloat(svg.getAttribute("data-height"));
    svg.setAttribute("width", String(Math.round(w * zoom)));
    svg.setAttribute("height", String(Math.round(h * zoom)));
    if (zoomOutput) { zoomOutput.textContent = Math.round(zoom * 100) + " %"; }
    pinHeaders(current);
  }
  function fitZoom() {
    var svg = svgOf(current);
    var frame = current ? current.querySelector(".vy-ram") : null;
    if (!svg || !frame) { return 1; }
    var w = parseFloat(svg.getAttribute("data-width"));
    return Math.min(1, Math.max(0.2, (frame.clientWidth - 4) / w));
  }
  function setZoom(value, anchor) {
    var frame = current ? current.querySelector(".vy-ram") : null;
    var old = zoom;
    zoom = Math.min(3, Math.max(0.2, value));
    if (frame) {
      var ax = anchor ? anchor.x : frame.clientWidth / 2, ay = anchor ? anchor.y : frame.clientHeight / 2;
      var cx = (frame.scrollLeft + ax) / old, cy = (frame.scrollTop + ay) / old;
      applyZoom();
      frame.scrollLeft = cx * zoom - ax;
      frame.scrollTop = cy * zoom - ay;
    } else {
      applyZoom();
    }
  }
  function on(id, handler) { var e = doc.getElementById(id); if (e) { e.addEventListener("click", handler); } }
  on("zoom-in", function () { setZoom(zoom * 1.25); });
  on("zoom-ut", function () { setZoom(zoom / 1.25); });
  on("zoom-anpassa", function () { setZoom(fitZoom()); });
  on("zoom-100", function () { setZoom(1); });

  figures.forEach(function (figure) {
    var frame = figure.querySelector(".vy-ram");
    if (!frame) { return; }
    var drag = null;
    frame.addEventListener("scroll", function () { pinHeaders(figure); }, { passive: true });
    frame.addEventListener("pointerdown", function (event) {
      if (event.button !== 0 || (event.target.closest && event.target.closest("a"))) { return; }
      drag = { x: event.clientX, y: event.clientY, left: frame.scrollLeft, top: frame.scrollTop, id: event.pointerId };
      frame.classList.add("drar");
    });
    frame.addEventListener("pointermove", function (event) {
      if (!drag || event.pointerId !== drag.id) { return; }
      frame.scrollLeft = drag.left - (event.clientX - drag.x);
      frame.scrollTop = drag.top - (event.clientY - drag.y);
    });
    function end() { drag = null; frame.classList.remove("drar"); }
    frame.addEventListener("pointerup", end);
    frame.addEventListener("pointercancel", end);
    frame.addEventListener("pointerleave", end);
    frame.addEventListener("wheel", function (event) {
      if (!event.ctrlKey) { return; }
      event.preventDefault();
      var rect = frame.getBoundingClientRect();
      setZoom(zoom * (event.deltaY < 0 ? 1.15 : 1 / 1.15), { x: event.clientX - rect.left, y: event.clientY - rect.top });
    }, { passive: false });
  });

  // Start readable: the whole map when it fits, else at 80 % (fit and zoom show more).
  zoom = Math.max(fitZoom(), 0.8);
  applyZoom();

  // A deep link opens its step over the map, not at its text further down.
  var initial = stepFromHref(location.hash);
  if (initial) {
    openStep(initial, false);
    var showMap = function () {
      var section = doc.getElementById("karta");
      if (section) { section.scrollIntoView(); }
      if (selected) { selected.scrollIntoView({ block: "nearest", inline: "center" }); }
    };
    showMap();
    window.addEventListener("load", function () { setTimeout(showMap, 0); });
  }
})();
"""#
}
