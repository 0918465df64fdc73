/* The chart's block, brought to life (output/page.py writes the block and calls this on it).

   Wide: the Vega chart, laid out for the width it is given (the widest layout that fits,
   stretched), again whenever that width changes. Narrow (under PHONE pixels, or no layout
   fits): the list of events is the timeline. Either way the list is what the keyboard walks:
   Tab enters it, the arrow keys, Home and End move, Enter opens the first source, Escape
   leaves; the focused event is outlined on the chart, its details shown, its id put in the
   address (#id), and a polite live region says where the reader is. Event text is only ever
   set as text (textContent), never as HTML. */
var timelinePage = window.timelinePage || function (root) {
  'use strict';
  if (!root || root.getAttribute('data-ready')) return;
  root.setAttribute('data-ready', '1');
  var PHONE = 600;
  var config = JSON.parse(root.querySelector('.tl-data').textContent);
  var words = config.words;
  if (document.querySelectorAll('[id="' + root.id + '"]').length > 1) ownIds(root);
  root.classList.add('tl-js');
  var canvas = root.querySelector('.tl-canvas');
  var ring = root.querySelector('.tl-ring');
  var list = root.querySelector('.tl-events');
  var details = root.querySelector('.tl-details');
  var live = root.querySelector('.tl-live');
  var toggle = root.querySelector('.tl-table-toggle');
  var table = root.querySelector('.tl-table');
  var saves = root.querySelectorAll('.tl-save');
  var items = list ? Array.prototype.slice.call(list.querySelectorAll('.tl-item')) : [];
  var byId = {};
  items.forEach(function (item, index) {
    byId[item.getAttribute('data-id')] = index;
    item.tabIndex = index === 0 ? 0 : -1;  // one tab stop: the list is one widget
    item.querySelectorAll('a').forEach(function (link) { link.tabIndex = -1; });
  });
  var view = null;
  var drawn = null;  // the layout drawn: "index:width"
  var drawing = 0;
  var current = -1;
  var laneRoom = 180;  // room the lane names and padding take beside the plot; measured once drawn
  var reduced = window.matchMedia('(prefers-reduced-motion: reduce)');

  // -- the table behind its button -----------------------------------------------------------
  if (toggle && table) {
    table.hidden = true;
    toggle.hidden = false;
    toggle.setAttribute('aria-expanded', 'false');
    toggle.textContent = words.show_table;
    toggle.addEventListener('click', function () {
      var open = table.hidden;
      table.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? words.hide_table : words.show_table;
    });
  }
  saves.forEach(function (button) {
    button.addEventListener('click', function () {
      if (!view) return;
      var format = button.getAttribute('data-format');
      view.toImageURL(format, format === 'png' ? 2 : 1).then(function (url) {
        var link = document.createElement('a');
        link.href = url;
        link.download = 'timeline.' + format;
        link.click();
      });
    });
  });

  // -- layout ----------------------------------------------------------------------------------
  function layout() {
    var width = root.clientWidth;
    var plot = width - laneRoom;
    var index = -1;
    for (var i = 0; i < config.widths.length; i++) {
      if (config.widths[i] <= plot) { index = i; break; }
    }
    var phone = items.length > 0 && (width < PHONE || index < 0);
    root.classList.toggle('tl-phone', phone);
    root.classList.toggle('tl-wide', !phone);
    saves.forEach(function (button) { button.hidden = phone; });
    if (phone) {
      if (view) { view.finalize(); view = null; }
      canvas.textContent = '';
      drawn = null;
      placeRing();
      return;
    }
    plot = Math.max(Math.floor(plot), 160);
    var key = index + ':' + plot;
    if (key === drawn) return;
    drawn = key;
    draw(index, plot);
  }

  function draw(index, plot) {
    var spec = JSON.parse(JSON.stringify(config.spec));
    if (index > 0) merge(spec, config.overlays[index]);
    (spec.vconcat || [spec]).forEach(function (part) { part.width = plot; });
    keepBrush(spec);
    var token = ++drawing;
    var host = document.createElement('div');
    var dark = parseInt(config.background.slice(1, 3), 16) < 128;
    vegaEmbed(host, spec, {
      renderer: 'svg',
      actions: false,
      // tooltips dark on a dark chart; vega-tooltip's default sanitising of text is kept
      tooltip: {theme: dark ? 'dark' : 'light'}
    }).then(function (result) {
      if (token !== drawing) { result.finalize(); return; }
      if (view) view.finalize();
      canvas.replaceChildren(host);
      view = result.view;
      root.timelineView = view;
      if (!opening) opening = {brush: brushed(), whole: wholeTime()};
      if (document.querySelector('.tl') === root) window.timelineView = view;  // for tests
      var svg = host.querySelector('svg');
      var drawnWidth = svg.getBoundingClientRect().width;
      laneRoom = Math.ceil(drawnWidth - plot);
      if (drawnWidth > root.clientWidth + 0.5) {  // the lane names took more room than guessed
        drawn = null;
        layout();
        return;
      }
      // A click on an event opens its first source in a new tab that cannot reach back
      // into this page (noopener) and is not told where the reader came from (noreferrer).
      view.addEventListener('click', function (event, item) {
        openSource(item && item.datum && item.datum.url);
      });
      ['brush', 'zoom'].forEach(function (name) {
        try {
          view.addSignalListener(name, function () { requestAnimationFrame(placeRing); });
        } catch (missing) { /* a chart without it */ }
      });
      placeRing();
      root.dispatchEvent(new CustomEvent('timeline:drawn'));
    }).catch(console.error);
  }

  // The stretch of time the reader brushed (or zoomed to) stays when the chart is laid out
  // again; to bring an event into view, the chart is laid out again around it.
  var wanted = null;
  var movedFor = null;
  var opening = null;  // the stretch the page opened on (if brushed) and the whole time
  function keepBrush(spec) {
    var stretch = wanted || brushed();
    wanted = null;
    if (!stretch || !spec.params) return;
    spec.params.forEach(function (param) {
      if (param.name === stretch.param) param.value = {x: stretch.range};
    });
    var whole = opening && opening.whole;
    if (whole && stretch.range[0] <= whole[0] && stretch.range[1] >= whole[1]) wholeSides(spec);
  }

  // Over the whole range, labels go where the layout placed them for it (view/layout.py).
  function wholeSides(node) {
    if (Array.isArray(node)) { node.forEach(wholeSides); return; }
    if (!node || typeof node !== 'object') return;
    if (typeof node.whole_side === 'string') node.label_side = node.whole_side;
    Object.keys(node).forEach(function (key) { wholeSides(node[key]); });
  }

  function brushed() {
    if (!view) return null;
    var found = null;
    ['brush', 'zoom'].forEach(function (name) {
      try {
        var value = view.signal(name);
        var range = value && value.begin;
        if (!found && range && range.length === 2) found = {param: name, range: [+range[0], +range[1]]};
      } catch (missing) { /* a chart without it */ }
    });
    return found;
  }

  function dateTime(ms) {
    var d = new Date(ms);
    return {year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate(),
      hours: d.getUTCHours(), minutes: d.getUTCMinutes(), seconds: d.getUTCSeconds(), utc: true};
  }

  // -- the focused event on the chart --------------------------------------------------------
  function chartParts() {
    var parts = {marks: {}, plot: null, overview: false};
    var walk = function (mark, inOverview) {
      (mark.items || []).forEach(function (item) {
        if (mark.marktype === 'group') {
          if (item._svg && (mark.name === 'concat_0_group' || (mark.name === 'root' && !parts.plot))) {
            parts.plot = item._svg.querySelector(':scope > path.background');
          }
          var overview = inOverview || mark.name === 'overview_group';
          parts.overview = parts.overview || overview;
          (item.items || []).forEach(function (child) { walk(child, overview); });
          return;
        }
        var datum = item.datum;
        if (inOverview || !item._svg || !datum || typeof datum.id !== 'string' || !datum.kind) return;
        if (mark.marktype !== 'rect' && mark.marktype !== 'symbol') return;
        (parts.marks[datum.id] = parts.marks[datum.id] || []).push(item);
      });
    };
    walk(view.scenegraph().root, false);
    return parts;
  }

  function placeRing() {
    var item = items[current];
    if (!view || !item || !root.classList.contains('tl-wide') || !list.contains(document.activeElement)) {
      ring.hidden = true;
      return;
    }
    var parts = chartParts();
    var marks = parts.marks[item.getAttribute('data-id')] || [];
    var plot = parts.plot && parts.plot.getBoundingClientRect();
    var stage = ring.parentNode.getBoundingClientRect();
    var box = null;
    marks.forEach(function (mark) {
      var r = mark._svg.getBoundingClientRect();
      if (plot && (r.right < plot.left || r.left > plot.right)) return;  // out of the stretch shown
      box = box ? {left: Math.min(box.left, r.left), top: Math.min(box.top, r.top),
        right: Math.max(box.right, r.right), bottom: Math.max(box.bottom, r.bottom)} : r;
    });
    if (!box) {
      if (marks.length && bringIntoView(marks[0].datum)) return;  // placed again once drawn
      ring.hidden = true;
      return;
    }
    if (plot) {
      box = {left: Math.max(box.left, plot.left - 4), right: Math.min(box.right, plot.right + 4),
        top: box.top, bottom: box.bottom};
    }
    ring.hidden = false;
    ring.style.left = (box.left - stage.left - 6) + 'px';
    ring.style.top = (box.top - stage.top - 6) + 'px';
    ring.style.width = (box.right - box.left + 12) + 'px';
    ring.style.height = (box.bottom - box.top + 12) + 'px';
    ring.scrollIntoView({block: 'nearest', inline: 'nearest', behavior: reduced.matches ? 'auto' : 'smooth'});
  }

  // Moves the brush (or the zoom) so that the event is in the stretch shown: to the stretch
  // the page opened on if the event is in it, else to the whole time. Labels are placed so
  // that none overlaps in either (view/chart.py); where the page opens, none is cut off.
  function bringIntoView(datum) {
    var stretch = brushed();
    if (!stretch || !opening || movedFor === datum.id) return false;  // or moved for it already
    movedFor = datum.id;
    var begin = +new Date(datum.begin), finish = +new Date(datum.finish);  // parsed by Vega, or text
    var first = opening.brush;
    var inside = first && begin >= first.range[0] && finish <= first.range[1];
    var range = inside ? first.range : opening.whole;
    if (!range) return false;
    wanted = {param: stretch.param, range: range};
    drawn = null;
    layout();
    return true;
  }

  function wholeTime() {
    var names = ['overview_x', 'x'];
    for (var i = 0; i < names.length; i++) {
      try { return view.scale(names[i]).domain().map(Number); } catch (missing) { /* next */ }
    }
    return null;
  }

  function showDetails(item) {
    if (!details) return;
    if (!item || !root.classList.contains('tl-wide')) { details.hidden = true; return; }
    var lines = ['.tl-what', '.tl-when', '.tl-meta', '.tl-more'].map(function (selector) {
      var line = document.createElement('p');
      line.className = selector.slice(1);
      line.textContent = item.querySelector(selector).textContent;
      return line;
    });
    details.replaceChildren.apply(details, lines);
    details.style.setProperty('--tl-c', item.style.getPropertyValue('--tl-c'));
    details.hidden = false;
  }

  // -- the keyboard --------------------------------------------------------------------------
  function select(index, announce) {
    if (index < 0 || index >= items.length) return;
    if (current >= 0 && items[current]) items[current].tabIndex = -1;
    if (index !== current) movedFor = null;
    current = index;
    var item = items[index];
    item.tabIndex = 0;
    if (document.activeElement !== item) item.focus({preventScroll: root.classList.contains('tl-wide')});
    if (announce && live) {
      live.textContent = words.position.replace('{index}', index + 1).replace('{count}', items.length);
    }
    var id = item.getAttribute('data-id');
    if (location.hash.slice(1) !== id) history.replaceState(history.state, '', '#' + id);
    showDetails(item);
    placeRing();
  }

  function openSource(url) {
    if (typeof url === 'string' && /^https?:\/\//i.test(url)) {
      window.open(url, '_blank', 'noopener,noreferrer');
    }
  }

  if (list) {
    list.addEventListener('focusin', function (event) {
      var item = event.target.closest('.tl-item');
      if (item) select(items.indexOf(item), false);
    });
    list.addEventListener('focusout', function (event) {
      if (!list.contains(event.relatedTarget)) {
        ring.hidden = true;
        showDetails(null);
      }
    });
    list.addEventListener('keydown', function (event) {
      var last = items.length - 1;
      var moves = {ArrowDown: current + 1, ArrowRight: current + 1, ArrowUp: current - 1,
        ArrowLeft: current - 1, Home: 0, End: last};
      if (event.key in moves) {
        event.preventDefault();
        select(Math.min(Math.max(moves[event.key], 0), last), true);
      } else if (event.key === 'Enter') {
        var link = items[current] && items[current].querySelector('a[href]');
        if (link && event.target === items[current]) {
          event.preventDefault();
          openSource(link.getAttribute('href'));
        }
      } else if (event.key === 'Escape') {
        event.preventDefault();
        (toggle && !toggle.hidden ? toggle : root).focus();
      }
    });
  }
  if (!root.hasAttribute('tabindex')) root.tabIndex = -1;  // where Escape lands without a table

  // -- permalinks: #event-id ---------------------------------------------------------------------
  function followHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!(id in byId)) return;  // not one of ours: ignored
    var pages = window.timelinePageHash = window.timelinePageHash || {};
    if (pages[id] && pages[id] !== root && document.contains(pages[id])) return;  // another chart has it
    pages[id] = root;
    select(byId[id], false);
    var item = items[byId[id]];
    if (root.classList.contains('tl-phone')) {
      item.scrollIntoView({block: 'center', behavior: reduced.matches ? 'auto' : 'smooth'});
    }
  }
  window.addEventListener('hashchange', followHash);

  // -- go ----------------------------------------------------------------------------------------
  var pending = 0;
  new ResizeObserver(function () {
    clearTimeout(pending);
    pending = setTimeout(function () { layout(); placeRing(); }, drawn === null && !view ? 0 : 120);
  }).observe(root);
  layout();
  if (root.classList.contains('tl-wide')) {
    root.addEventListener('timeline:drawn', followHash, {once: true});
  } else {
    followHash();
  }

  // a second copy of the same block on one page: ids of its own, and what points at them
  function ownIds(block) {
    var old = block.id, mine = old + '-' + document.querySelectorAll('[id="' + old + '"]').length;
    block.querySelectorAll('[id]').forEach(function (element) {
      element.id = element.id.replace(old, mine);
    });
    block.querySelectorAll('[aria-controls],[aria-describedby]').forEach(function (element) {
      ['aria-controls', 'aria-describedby'].forEach(function (name) {
        var value = element.getAttribute(name);
        if (value) element.setAttribute(name, value.replace(old, mine));
      });
    });
    block.id = mine;
  }

  function merge(target, overlay) {
    Object.keys(overlay).forEach(function (key) {
      var value = overlay[key];
      var into = Array.isArray(target) ? target[+key] : target[key];
      if (value && typeof value === 'object' && !Array.isArray(value) && into && typeof into === 'object') {
        merge(into, value);
      } else if (Array.isArray(target)) {
        target[+key] = value;
      } else {
        target[key] = value;
      }
    });
  }
};
window.timelinePage = timelinePage;
