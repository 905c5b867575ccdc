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
