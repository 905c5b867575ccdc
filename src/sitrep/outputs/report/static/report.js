(function () {
  var box = document.getElementById('filters');
  if (!box) { return; }
  box.hidden = false;
  var q = document.getElementById('f-text');
  var t = document.getElementById('f-type');
  var s = document.getElementById('f-status');
  var out = document.getElementById('f-count');
  var rows = Array.prototype.slice.call(document.querySelectorAll('table.events tbody tr'));
  var all = Array.prototype.slice.call(document.querySelectorAll('table.events details'));
  function apply() {
    var text = q.value.toLowerCase(), type = t.value, status = s.value, shown = 0;
    rows.forEach(function (r) {
      var ok = (!type || r.getAttribute('data-type') === type) &&
        (!status || r.getAttribute('data-status') === status) &&
        (!text || r.textContent.toLowerCase().indexOf(text) >= 0);
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    out.textContent = shown + ' of ' + rows.length + ' events shown';
  }
  [q, t, s].forEach(function (el) {
    el.addEventListener('input', apply);
    el.addEventListener('change', apply);
  });
  function setAll(open) { all.forEach(function (d) { d.open = open; }); }
  document.getElementById('f-open').addEventListener('click', function () { setAll(true); });
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
