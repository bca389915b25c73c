(function () {
  'use strict';
  var body = document.body;
  var generated = Date.parse(body.getAttribute('data-generated'));
  var refresh = parseInt(body.getAttribute('data-refresh'), 10) || 0;

  // An age as a person says it: minutes, then hours, then days.
  function ago(ms) {
    var minutes = Math.floor(ms / 60000);
    if (minutes < 120) { return minutes + (minutes === 1 ? ' minute ago' : ' minutes ago'); }
    var hours = Math.floor(minutes / 60);
    if (hours < 48) { return hours + ' hours ago'; }
    return Math.floor(hours / 24) + ' days ago';
  }

  // The daily chart may be wider than a phone: it scrolls, and opens on its right end, where the latest days are.
  Array.prototype.forEach.call(document.querySelectorAll('.chart-wrap'), function (wrap) {
    wrap.scrollLeft = wrap.scrollWidth;
  });

  // Stale notice: shown once the page is older than twice its refresh interval (a cron job that stopped).
  function checkStale() {
    var stale = document.getElementById('stale');
    if (!stale || !refresh) { return; }
    var age = Date.now() - generated;
    stale.hidden = age <= 2 * refresh * 1000;
    if (!stale.hidden) {
      stale.textContent = 'Data is stale: generated ' + ago(age) + ', but it should refresh every ' + refresh + ' seconds.';
    }
  }
  checkStale();
  setInterval(checkStale, 10000);
  if (refresh > 0) {
    setTimeout(function () { location.reload(); }, refresh * 1000);
  }

  // Sortable tables: click a header; numbers sort by their data-sort value.
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), function (table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      th.addEventListener('click', function () {
        var descending = th.getAttribute('aria-sort') !== 'descending';
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
        var numeric = th.classList.contains('num');
        var rows = Array.prototype.slice.call(table.tBodies[0].rows);
        rows.sort(function (a, b) {
          var x = a.cells[index].getAttribute('data-sort') || a.cells[index].textContent;
          var y = b.cells[index].getAttribute('data-sort') || b.cells[index].textContent;
          var c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
          return descending ? -c : c;
        });
        rows.forEach(function (row) { table.tBodies[0].appendChild(row); });
      });
    });
  });

  // Chart hover values: the text comes from data attributes and is set with textContent, never as markup.
  var tip = document.getElementById('tooltip');
  var wrap = document.querySelector('.chart-wrap');
  if (wrap) {
    wrap.scrollLeft = wrap.scrollWidth; // on a narrow screen, show the latest days first
  }
  if (tip && wrap) {
    wrap.addEventListener('mousemove', function (e) {
      var seg = e.target.closest ? e.target.closest('[data-tip]') : null;
      if (!seg) { tip.hidden = true; return; }
      tip.textContent = seg.getAttribute('data-tip');
      var box = wrap.getBoundingClientRect();
      tip.style.left = Math.min(e.clientX - box.left + 12, box.width - 220) + 'px';
      tip.style.top = (e.clientY - box.top + 12) + 'px';
      tip.hidden = false;
    });
    wrap.addEventListener('mouseleave', function () { tip.hidden = true; });
  }
}());
