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
