// A filtered list shown a page at a time: `items` are the elements (rows or facts),
// `match(el)` says whether one passes the filters; the pager moves through the matches.
function pagedList(items, size, pager, label, prev, next, counter, noun) {
  var page = 0, matches = items;
  function show() {
    var pages = Math.max(1, Math.ceil(matches.length / size));
    if (page >= pages) { page = pages - 1; }
    items.forEach(function (el) { el.hidden = true; });
    matches.slice(page * size, (page + 1) * size).forEach(function (el) { el.hidden = false; });
    pager.hidden = matches.length <= size;
    label.textContent = 'page ' + (page + 1) + ' of ' + pages;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    counter.textContent = matches.length + ' of ' + items.length + ' ' + noun + ' shown';
  }
  prev.addEventListener('click', function () { page -= 1; show(); });
  next.addEventListener('click', function () { page += 1; show(); });
  return {
    filter: function (match) { matches = items.filter(match); page = 0; show(); },
    reveal: function (el) {
      var i = matches.indexOf(el);
      if (i < 0) { matches = items; i = items.indexOf(el); }
      page = Math.floor(i / size);
      show();
    }
  };
}
function revealOnHash(list, items) {
  function go() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (el && items.indexOf(el) >= 0 && el.hidden) { list.reveal(el); el.scrollIntoView(); }
  }
  window.addEventListener('hashchange', go);
  go();
}
(function () {
  var box = document.getElementById('filters');
  var table = document.querySelector('table.events');
  if (!box || !table) { return; }
  box.hidden = false;
  var q = document.getElementById('f-text');
  var t = document.getElementById('f-type');
  var s = document.getElementById('f-status');
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.events tbody tr'));
  var all = Array.prototype.slice.call(document.querySelectorAll('table.events details'));
  var list = pagedList(rows, Number(table.getAttribute('data-page')) || 50,
    document.getElementById('f-pager'), document.getElementById('f-page'),
    document.getElementById('f-prev'), document.getElementById('f-next'),
    document.getElementById('f-count'), 'events');
  function apply() {
    var text = q.value.toLowerCase(), type = t.value, status = s.value;
    list.filter(function (r) {
      return (!type || r.getAttribute('data-type') === type) &&
        (!status || r.getAttribute('data-status') === status) &&
        (!text || r.textContent.toLowerCase().indexOf(text) >= 0);
    });
  }
  [q, t, s].forEach(function (el) {
    el.addEventListener('input', apply);
    el.addEventListener('change', apply);
  });
  function setAll(open, visibleOnly) {
    all.forEach(function (d) {
      if (!visibleOnly || !d.closest('tr').hidden) { d.open = open; }
    });
  }
  document.getElementById('f-open').addEventListener('click', function () { setAll(true, true); });
  document.getElementById('f-close').addEventListener('click', function () { setAll(false); });
  var before = [];
  window.addEventListener('beforeprint', function () {
    before = all.map(function (d) { return d.open; });
    setAll(true);
  });
  window.addEventListener('afterprint', function () {
    all.forEach(function (d, i) { d.open = !!before[i]; });
  });
  apply();
  revealOnHash(list, rows);
})();
(function () {
  var box = document.getElementById('c-filters');
  var holder = document.getElementById('c-list');
  if (!box || !holder) { return; }
  box.hidden = false;
  var q = document.getElementById('c-text');
  var f = document.getElementById('c-flag');
  var facts = Array.prototype.slice.call(holder.querySelectorAll('article.fact'));
  var list = pagedList(facts, Number(holder.getAttribute('data-page')) || 25,
    document.getElementById('c-pager'), document.getElementById('c-page'),
    document.getElementById('c-prev'), document.getElementById('c-next'),
    document.getElementById('c-count'), 'facts');
  function apply() {
    var text = q.value.toLowerCase(), flag = f.value;
    list.filter(function (a) {
      return (!flag || a.getAttribute('data-flag') === flag) &&
        (!text || a.textContent.toLowerCase().indexOf(text) >= 0);
    });
  }
  [q, f].forEach(function (el) {
    el.addEventListener('input', apply);
    el.addEventListener('change', apply);
  });
  apply();
  revealOnHash(list, facts);
})();
(function () {
  var table = document.getElementById('k-table');
  if (!table) { return; }
  var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr'));
  var list = pagedList(rows, Number(table.getAttribute('data-page')) || 50,
    document.getElementById('k-pager'), document.getElementById('k-page'),
    document.getElementById('k-prev'), document.getElementById('k-next'),
    document.getElementById('k-count'), 'claimed or contested events');
  list.filter(function () { return true; });
  revealOnHash(list, rows);
})();
(function () {
  var svg = document.getElementById('ctl-map');
  var range = document.getElementById('ctl-range');
  if (!svg || !range) { return; }
  var data = JSON.parse(svg.getAttribute('data-control'));
  var label = document.getElementById('ctl-date');
  var paths = Array.prototype.slice.call(svg.querySelectorAll('path.ctl'));
  function show() {
    var i = Number(range.value);
    label.textContent = data.dates[i];
    paths.forEach(function (p) {
      var k = Number(p.getAttribute('data-k'));
      var v = data.cells[k][i];
      var tip = p.querySelector('title');
      if (!v) {
        p.setAttribute('fill', '#ffffff');
        p.setAttribute('class', 'ctl');
        tip.textContent = data.names[k] + ': unknown';
        return;
      }
      var c = Math.floor((v - 1) / 3), s = data.statuses[(v - 1) % 3];
      p.setAttribute('fill', data.colours[c]);
      p.setAttribute('class', 'ctl s-' + s);
      tip.textContent = data.names[k] + ': ' + data.controllers[c] + ' (' + s + ')';
    });
  }
  document.getElementById('ctl-controls').hidden = false;
  range.addEventListener('input', show);
  show();
})();
(function () {
  // Zoom and pan for the SVG maps (svg.map): mouse wheel, drag, +/- buttons, keys.
  function zoomable(svg) {
    var vb = svg.viewBox && svg.viewBox.baseVal;
    if (!vb || !vb.width || svg.getAttribute('data-zoomable')) { return; }
    svg.setAttribute('data-zoomable', '1');
    var home = {x: vb.x, y: vb.y, w: vb.width, h: vb.height};
    var view = {x: home.x, y: home.y, w: home.w, h: home.h};
    var MAX = 16;
    function set(v) {
      var s = Math.min(Math.max(home.w / v.w, 1), MAX);
      var w = home.w / s, h = home.h / s;
      var cx = v.x + v.w / 2, cy = v.y + v.h / 2;
      var x = Math.min(Math.max(cx - w / 2, home.x), home.x + home.w - w);
      var y = Math.min(Math.max(cy - h / 2, home.y), home.y + home.h - h);
      view = {x: x, y: y, w: w, h: h};
      svg.setAttribute('viewBox', [x, y, w, h].map(function (n) {
        return Math.round(n * 100) / 100; }).join(' '));
      svg.setAttribute('data-zoom', s.toFixed(2));
    }
    function zoom(f, px, py) {
      if (px === undefined) { px = view.x + view.w / 2; py = view.y + view.h / 2; }
      var w = view.w / f, h = view.h / f;
      var x = px - (px - view.x) / f, y = py - (py - view.y) / f;
      set({x: x, y: y, w: w, h: h});
    }
    function pan(dx, dy) { set({x: view.x + dx, y: view.y + dy, w: view.w, h: view.h}); }
    function reset() { set({x: home.x, y: home.y, w: home.w, h: home.h}); }
    function at(e) {
      var r = svg.getBoundingClientRect();
      return {x: view.x + (e.clientX - r.left) / r.width * view.w,
              y: view.y + (e.clientY - r.top) / r.height * view.h};
    }
    svg.addEventListener('wheel', function (e) {
      e.preventDefault();
      var p = at(e);
      zoom(e.deltaY < 0 ? 1.25 : 0.8, p.x, p.y);
    }, {passive: false});
    var drag = null, moved = false;
    svg.addEventListener('pointerdown', function (e) {
      if (e.button !== 0) { return; }
      drag = {x: e.clientX, y: e.clientY, view: view, id: e.pointerId};
      moved = false;
    });
    svg.addEventListener('pointermove', function (e) {
      if (!drag) { return; }
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
      if (!moved) {
        moved = true;
        svg.style.cursor = 'grabbing';
        try { svg.setPointerCapture(drag.id); } catch (err) { /* not capturable */ }
      }
      var r = svg.getBoundingClientRect();
      set({x: drag.view.x - dx / r.width * drag.view.w, y: drag.view.y - dy / r.height * drag.view.h,
           w: drag.view.w, h: drag.view.h});
    });
    function end() { drag = null; svg.style.cursor = 'grab'; }
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
    svg.addEventListener('click', function (e) {
      if (moved) { e.preventDefault(); e.stopPropagation(); moved = false; }
    }, true);
    svg.style.cursor = 'grab';
    svg.style.touchAction = 'none';
    if (!svg.hasAttribute('tabindex')) { svg.setAttribute('tabindex', '0'); }
    svg.addEventListener('keydown', function (e) {
      if (e.target !== svg) { return; }
      var step = view.w / 10, k = e.key;
      if (k === '+' || k === '=') { zoom(1.25); }
      else if (k === '-' || k === '_') { zoom(0.8); }
      else if (k === '0') { reset(); }
      else if (k === 'ArrowLeft') { pan(-step, 0); }
      else if (k === 'ArrowRight') { pan(step, 0); }
      else if (k === 'ArrowUp') { pan(0, -step); }
      else if (k === 'ArrowDown') { pan(0, step); }
      else { return; }
      e.preventDefault();
    });
    var bar = document.createElement('div');
    bar.className = 'map-zoom';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', 'Map zoom (or focus the map: + - 0 and arrow keys)');
    bar.style.margin = '0 0 0.25em 0';
    [['+', 'Zoom in', function () { zoom(1.5); }],
     ['\u2212', 'Zoom out', function () { zoom(1 / 1.5); }],
     ['Reset', 'Reset the map view', reset]].forEach(function (b) {
      var btn = document.createElement('button');
      btn.type = 'button';
      btn.textContent = b[0];
      btn.setAttribute('aria-label', b[1]);
      btn.className = 'map-zoom-' + (b[1] === 'Zoom in' ? 'in' : b[1] === 'Zoom out' ? 'out' : 'reset');
      btn.style.minWidth = '2em';
      btn.style.marginRight = '0.25em';
      btn.addEventListener('click', b[2]);
      bar.appendChild(btn);
    });
    svg.parentNode.insertBefore(bar, svg);
  }
  Array.prototype.forEach.call(document.querySelectorAll('svg.map'), zoomable);
})();
