// carbon-ledger live view: plain JavaScript, no framework, no build step, nothing loaded from elsewhere.
// Each section follows one server-sent event stream; every event carries the whole state of its stream.
'use strict';

(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const REOPEN_AFTER_MS = 10000;

  // ---- formatting: units on every number -------------------------------------------------------------------
  const small = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
  const large = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

  function num(v) {
    if (v === null || v === undefined) return '–';
    return Math.abs(v) >= 1000 ? large.format(v) : small.format(v);
  }

  function grams(g) {
    if (g === null || g === undefined) return '–';
    if (Math.abs(g) >= 1e6) return num(g / 1e6) + ' t';
    if (Math.abs(g) >= 1000) return num(g / 1000) + ' kg';
    return num(g) + ' g';
  }

  function pad(n) { return String(n).padStart(2, '0'); }

  // <time datetime="ISO" title="ISO">local time</time>; the date is shown when it is not today.
  function time(iso) {
    const el = document.createElement('time');
    if (!iso) { el.textContent = '–'; return el; }
    const d = new Date(iso);
    const today = new Date();
    const hm = pad(d.getHours()) + ':' + pad(d.getMinutes());
    el.dateTime = iso;
    el.title = iso;
    el.textContent = d.toDateString() === today.toDateString() ? hm
      : d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + hm;
    return el;
  }

  function hm(iso) {
    const d = new Date(iso);
    return pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  // ---- DOM helpers (text only: values from the topics never become markup) -----------------------------------
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function cell(row, cls, field, content) {
    const td = el('td', cls);
    if (field) td.dataset.field = field;
    if (content instanceof Node) td.appendChild(content); else td.textContent = content;
    row.appendChild(td);
    return td;
  }

  function windowCell(row, start, end, closed) {
    const td = cell(row, 'window', 'window', '');
    td.appendChild(time(start));
    td.appendChild(document.createTextNode('–'));
    td.appendChild(time(end));
    if (!closed) td.appendChild(el('span', 'tag open', 'open'));
    return td;
  }

  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }

  function showSection(section, count, state) {
    section.querySelector('.empty').hidden = count > 0;
    const notice = section.querySelector('.notice');
    const messages = [];
    if (!state.ready) messages.push('catching up with the topics: numbers may still change');
    if (state.truncated) messages.push('showing the first 200 only');
    notice.hidden = messages.length === 0;
    notice.textContent = messages.join('; ');
  }

  // ---- teams ---------------------------------------------------------------------------------------------------
  function renderTeams(state) {
    const section = document.getElementById('teams');
    const body = section.querySelector('tbody');
    body.replaceChildren();
    for (const t of state.teams) {
      const row = el('tr');
      row.dataset.team = t.team;
      cell(row, 'name', 'team', t.team);
      if (t.rate) {
        cell(row, 'num', 'rate', num(t.rate.gramsPerSecond) + ' g/s');
        windowCell(row, t.rate.windowStart, t.rate.windowEnd, t.rate.closed);
      } else {
        cell(row, 'num', 'rate', '–');
        cell(row, 'window', 'window', '–');
      }
      const b = t.budget;
      if (b) {
        cell(row, 'num', 'budget-used', num(b.percentUsed) + ' % of budget');
        const bar = el('div', 'bar');
        const fill = el('div', 'fill ' + (b.percentUsed >= 100 ? 'over' : b.percentUsed >= 80 ? 'warn' : 'ok'));
        fill.style.width = Math.min(100, Math.max(0, b.percentUsed)) + '%';
        bar.appendChild(fill);
        cell(row, 'bar-col', null, bar);
        cell(row, 'num', 'spent', grams(b.spentGrams) + ' of ' + grams(b.limitGrams) + ' (' + b.period + ', ' + b.tier + ')');
        cell(row, 'num', 'burn-rate', num(b.burnRate) + '×');
        cell(row, 'time', 'period-end', time(b.periodEnd));
      } else {
        cell(row, 'num', 'budget-used', 'no budget');
        cell(row, 'bar-col', null, '');
        cell(row, 'num', 'spent', '–');
        cell(row, 'num', 'burn-rate', '–');
        cell(row, 'time', 'period-end', '–');
      }
      body.appendChild(row);
    }
    showSection(section, state.teams.length, state);
  }

  // ---- zones: intensity now and the forecast chart with the greenest window ----------------------------------
  function chart(zone, forecast, nowIso) {
    const W = 640, H = 190, L = 44, R = 10, T = 22, B = 26;
    const s = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, class: 'chart', role: 'img' });
    const pts = forecast.points;
    const t0 = Date.parse(pts[0].start), t1 = Date.parse(pts[pts.length - 1].end);
    const step = niceStep(Math.max.apply(null, pts.map(p => p.value)) / 4);
    const vmax = step * Math.max(1, Math.ceil(Math.max.apply(null, pts.map(p => p.value)) / step));
    const x = t => L + (W - L - R) * (t - t0) / (t1 - t0);
    const y = v => T + (H - T - B) * (1 - v / vmax);
    const title = svg('title', {});
    title.textContent = 'Forecast for ' + zone + ' in gCO2e/kWh, generated ' + forecast.generatedAt;
    s.appendChild(title);
    for (let v = 0; v <= vmax + step / 2; v += step) {
      s.appendChild(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid' }));
      const label = svg('text', { x: L - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' });
      label.textContent = Math.round(v);
      s.appendChild(label);
    }
    const unit = svg('text', { x: 2, y: T - 10, class: 'axis unit' });
    unit.textContent = 'gCO2e/kWh';
    s.appendChild(unit);
    const g = forecast.greenest;
    if (g) {
      const gx0 = x(Date.parse(g.start)), gx1 = x(Date.parse(g.end));
      const band = svg('rect', { x: gx0, y: T, width: Math.max(2, gx1 - gx0), height: H - T - B, class: 'greenest' });
      band.dataset.start = g.start;
      s.appendChild(band);
      const gl = svg('text', { x: (gx0 + gx1) / 2, y: T + 12, class: 'greenest-label', 'text-anchor': 'middle' });
      gl.textContent = 'greenest';
      s.appendChild(gl);
    }
    let d = '';
    pts.forEach((p, i) => {
      const xa = x(Date.parse(p.start)), xb = x(Date.parse(p.end)), yv = y(p.value);
      d += (i === 0 ? 'M' : 'L') + xa.toFixed(1) + ' ' + yv.toFixed(1) + ' L' + xb.toFixed(1) + ' ' + yv.toFixed(1) + ' ';
    });
    s.appendChild(svg('path', { d: d, class: 'series' }));
    const now = Date.parse(nowIso);
    if (now >= t0 && now <= t1) {
      s.appendChild(svg('line', { x1: x(now), x2: x(now), y1: T, y2: H - B, class: 'now' }));
      const nl = svg('text', { x: x(now) + 3, y: H - B - 4, class: 'axis now-label' });
      nl.textContent = 'now';
      s.appendChild(nl);
    }
    [t0, (t0 + t1) / 2, t1].forEach((t, i) => {
      const lx = svg('text', { x: x(t), y: H - 8, class: 'axis', 'text-anchor': ['start', 'middle', 'end'][i] });
      lx.textContent = hm(new Date(t).toISOString());
      s.appendChild(lx);
    });
    return s;
  }

  // 1, 2, 2.5 or 5 times a power of ten, at least v.
  function niceStep(v) {
    if (!(v > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    return [1, 2, 2.5, 5, 10].map(m => m * p).find(c => c >= v);
  }

  function renderZones(state) {
    const section = document.getElementById('zones');
    const list = section.querySelector('.zone-list');
    list.replaceChildren();
    for (const z of state.zones) {
      const card = el('article', 'zone');
      card.dataset.zone = z.zone;
      const head = el('header');
      head.appendChild(el('h3', null, z.zone));
      const now = el('p', 'intensity');
      now.appendChild(el('span', 'big', num(z.intensity.now))).dataset.field = 'intensity-now';
      now.appendChild(el('span', 'unit', ' gCO2e/kWh now (' + state.signal + ')'));
      head.appendChild(now);
      const other = state.signal === 'average' ? 'marginal' : 'average';
      if (z.intensity[other] !== null) {
        head.appendChild(el('p', 'secondary', other + ' ' + num(z.intensity[other]) + ' gCO2e/kWh'));
      }
      card.appendChild(head);
      const f = z.forecast;
      if (f && f.points.length > 0) {
        const g = f.greenest;
        const p = el('p', 'greenest-text');
        if (g) {
          p.appendChild(el('span', 'tag green', 'greenest 1 h'));
          p.appendChild(document.createTextNode(' '));
          const when = el('span', null);
          when.dataset.field = 'greenest-start';
          when.appendChild(time(g.start));
          when.appendChild(document.createTextNode('–'));
          when.appendChild(time(g.end));
          p.appendChild(when);
          p.appendChild(document.createTextNode(' at '));
          p.appendChild(el('strong', null, num(g.average) + ' gCO2e/kWh')).dataset.field = 'greenest-average';
        } else {
          p.textContent = 'the forecast covers no full hour from now on';
        }
        card.appendChild(p);
        card.appendChild(chart(z.zone, f, state.now));
        const meta = el('p', 'meta', 'forecast by ' + f.provider + ' (' + f.signal + '), generated ');
        meta.appendChild(time(f.generatedAt));
        card.appendChild(meta);
      } else {
        card.appendChild(el('p', 'meta', 'no forecast held for this zone'));
      }
      list.appendChild(card);
    }
    showSection(section, state.zones.length, state);
  }

  // ---- SCI -----------------------------------------------------------------------------------------------------
  function renderSci(state) {
    const section = document.getElementById('sci');
    const body = section.querySelector('tbody');
    body.replaceChildren();
    for (const m of state.models) {
      const row = el('tr');
      row.dataset.model = m.model;
      row.dataset.unit = m.unit;
      cell(row, 'name', 'model', m.model);
      cell(row, 'num', 'sci', m.sciGramsPerUnit === null ? 'no ' + m.unit + 's counted'
        : num(m.sciGramsPerUnit) + ' g per ' + m.unit);
      cell(row, 'num', 'operational', grams(m.operationalGrams));
      cell(row, 'num', 'embodied', grams(m.embodiedGrams));
      cell(row, 'num', 'units', num(m.functionalUnits) + ' ' + m.unit + 's');
      windowCell(row, m.windowStart, m.windowEnd, m.closed);
      body.appendChild(row);
    }
    showSection(section, state.models.length, state);
  }

  // ---- alerts --------------------------------------------------------------------------------------------------
  function renderAlerts(state) {
    const section = document.getElementById('alerts');
    const list = section.querySelector('.alert-list');
    list.replaceChildren();
    for (const a of state.alerts) {
      const item = el('li', 'alert ' + a.status);
      item.dataset.fingerprint = a.fingerprint;
      item.appendChild(el('span', 'tag ' + a.status, a.status)).dataset.field = 'status';
      item.appendChild(el('strong', 'name', a.name)).dataset.field = 'name';
      if (a.severity) item.appendChild(el('span', 'tag severity', a.severity));
      const labels = Object.keys(a.labels).filter(k => k !== 'severity' && k !== 'alertname')
        .map(k => k + '=' + a.labels[k]).join(' ');
      if (labels) item.appendChild(el('span', 'labels', labels));
      const when = el('span', 'when', 'since ');
      when.appendChild(time(a.startsAt));
      if (a.endsAt) {
        when.appendChild(document.createTextNode(', resolved '));
        when.appendChild(time(a.endsAt));
      }
      item.appendChild(when);
      if (a.summary) item.appendChild(el('p', 'summary', a.summary)).dataset.field = 'summary';
      list.appendChild(item);
    }
    showSection(section, state.alerts.length, state);
  }

  // ---- streams ---------------------------------------------------------------------------------------------------
  const renderers = { teams: renderTeams, zones: renderZones, sci: renderSci, alerts: renderAlerts };
  const updates = {};

  function status(stream, cls, text) {
    const li = document.querySelector('.streams li[data-stream="' + stream + '"]');
    li.className = cls;
    li.title = text;
  }

  function follow(stream) {
    const source = new EventSource('/v1/stream/' + stream);
    const onState = event => {
      renderers[stream](JSON.parse(event.data));
      status(stream, 'live', 'live');
      const last = document.getElementById('last-update');
      last.replaceWith(Object.assign(time(new Date().toISOString()), { id: 'last-update' }));
      // How many states each section has shown (read by the browser test, harmless otherwise).
      updates[stream] = (updates[stream] || 0) + 1;
      document.body.setAttribute('data-updates-' + stream, String(updates[stream]));
    };
    source.addEventListener('snapshot', onState);
    source.addEventListener('update', onState);
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        // Refused (e.g. 503: too many live views) or failed: EventSource gives up, so try again later.
        status(stream, 'down', 'disconnected, retrying in ' + REOPEN_AFTER_MS / 1000 + ' s');
        setTimeout(() => follow(stream), REOPEN_AFTER_MS);
      } else {
        status(stream, 'connecting', 'reconnecting');
      }
    };
  }

  Object.keys(renderers).forEach(follow);
})();
