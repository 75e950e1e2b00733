// Sluice log viewer. Lines stream in over Server-Sent Events (batches of up to 5,000) and are kept as plain arrays;
// only the rows in view (plus a margin) exist in the page, each rebuilt on scroll, so a 100,000-line log costs about
// as much to show as a 100-line one. ANSI SGR colours become spans; other escape sequences are dropped.
(() => {
  'use strict';
  const box = document.getElementById('log');
  if (!box) return;
  const spacer = box.querySelector('.log-spacer');
  const rows = box.querySelector('.log-rows');
  const status = document.getElementById('log-status');
  const search = document.getElementById('log-search');
  const counter = document.getElementById('log-matches');
  const followBox = document.getElementById('log-follow');
  const timesBox = document.getElementById('log-times');
  const LINE = 20;
  const MARGIN = 40;
  const ESC = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Za-z0-9]|\x1b[=>]/g;

  const text = [];
  const plain = [];
  const times = [];
  const errs = [];
  let done = false;
  let endState = '';
  let follow = true;
  let target = lineFromHash();
  let query = '';
  let matches = [];
  let current = -1;
  let shown = [-1, -1];
  let dirty = true;
  let scheduled = false;
  const started = performance.now();

  // ---- ANSI ----------------------------------------------------------------------------------------------------
  const escapeHtml = s => s.replace(/[&<>"]/g, c => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));

  function cube(n) {
    if (n < 16) return null;
    if (n >= 232) { const v = 8 + (n - 232) * 10; return `rgb(${v},${v},${v})`; }
    const i = n - 16; const steps = [0, 95, 135, 175, 215, 255];
    return `rgb(${steps[Math.floor(i / 36)]},${steps[Math.floor(i / 6) % 6]},${steps[i % 6]})`;
  }

  // Splits a raw line into [text, classes, style] segments following SGR codes.
  function segments(raw) {
    const out = [];
    let st = { fg: null, bg: null, fgRgb: null, bgRgb: null, bold: false, dim: false, it: false, ul: false };
    let last = 0;
    const re = /\x1b\[([0-9;]*)m|\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Za-z0-9]|\x1b[=>]/g;
    let m;
    const push = t => { if (t) out.push([t, st]); };
    while ((m = re.exec(raw)) !== null) {
      push(raw.slice(last, m.index));
      last = re.lastIndex;
      if (m[1] === undefined) continue;
      st = Object.assign({}, st);
      const codes = m[1] === '' ? [0] : m[1].split(';').map(Number);
      for (let i = 0; i < codes.length; i++) {
        const c = codes[i];
        if (c === 0) st = { fg: null, bg: null, fgRgb: null, bgRgb: null, bold: false, dim: false, it: false, ul: false };
        else if (c === 1) st.bold = true;
        else if (c === 2) st.dim = true;
        else if (c === 3) st.it = true;
        else if (c === 4) st.ul = true;
        else if (c === 22) { st.bold = false; st.dim = false; }
        else if (c === 23) st.it = false;
        else if (c === 24) st.ul = false;
        else if (c >= 30 && c <= 37) { st.fg = c - 30; st.fgRgb = null; }
        else if (c >= 90 && c <= 97) { st.fg = c - 90 + 8; st.fgRgb = null; }
        else if (c === 39) { st.fg = null; st.fgRgb = null; }
        else if (c >= 40 && c <= 47) { st.bg = c - 40; st.bgRgb = null; }
        else if (c >= 100 && c <= 107) { st.bg = c - 100 + 8; st.bgRgb = null; }
        else if (c === 49) { st.bg = null; st.bgRgb = null; }
        else if ((c === 38 || c === 48) && codes[i + 1] === 5) {
          const n = codes[i + 2] | 0; i += 2;
          if (c === 38) { if (n < 16) { st.fg = n; st.fgRgb = null; } else { st.fg = null; st.fgRgb = cube(n); } }
          else if (n < 16) { st.bg = n; st.bgRgb = null; } else { st.bg = null; st.bgRgb = cube(n); }
        } else if ((c === 38 || c === 48) && codes[i + 1] === 2) {
          const rgb = `rgb(${codes[i + 2] | 0},${codes[i + 3] | 0},${codes[i + 4] | 0})`; i += 4;
          if (c === 38) { st.fg = null; st.fgRgb = rgb; } else { st.bg = null; st.bgRgb = rgb; }
        }
      }
    }
    push(raw.slice(last));
    return out;
  }

  function open(st) {
    const cls = [];
    if (st.fg !== null) cls.push('a-f' + st.fg);
    if (st.bg !== null) cls.push('a-b' + st.bg);
    if (st.bold) cls.push('a-bold');
    if (st.dim) cls.push('a-dim');
    if (st.it) cls.push('a-it');
    if (st.ul) cls.push('a-ul');
    let style = '';
    if (st.fgRgb) style += 'color:' + st.fgRgb + ';';
    if (st.bgRgb) style += 'background:' + st.bgRgb + ';';
    if (!cls.length && !style) return null;
    return `<span${cls.length ? ` class="${cls.join(' ')}"` : ''}${style ? ` style="${style}"` : ''}>`;
  }

  // The line as HTML: ANSI spans, with search matches (found in the plain text) wrapped in <mark>.
  function lineHtml(i) {
    const raw = text[i];
    const ranges = [];
    if (query) {
      const low = plain[i].toLowerCase();
      for (let at = low.indexOf(query); at >= 0; at = low.indexOf(query, at + query.length)) ranges.push([at, at + query.length]);
    }
    if (raw.indexOf('\x1b') < 0 && ranges.length === 0) return escapeHtml(raw);
    let html = '';
    let offset = 0;
    for (const [t, st] of segments(raw)) {
      const tag = open(st);
      if (tag) html += tag;
      let pos = 0;
      for (const [a, b] of ranges) {
        const s = Math.max(a - offset, pos); const e = Math.min(b - offset, t.length);
        if (e <= s) continue;
        html += escapeHtml(t.slice(pos, s)) + '<mark>' + escapeHtml(t.slice(s, e)) + '</mark>';
        pos = e;
      }
      html += escapeHtml(t.slice(pos));
      if (tag) html += '</span>';
      offset += t.length;
    }
    return html;
  }

  // ---- rendering -----------------------------------------------------------------------------------------------
  function clock(ms) { return new Date(ms).toISOString().slice(11, 23); }

  function rowHtml(i) {
    const n = i + 1;
    let cls = 'ln';
    if (errs[i]) cls += ' e';
    if (target === n) cls += ' target';
    if (query && matches.length && matches[current] === i) cls += ' current';
    else if (query && plain[i].toLowerCase().includes(query)) cls += ' hit';
    return `<div class="${cls}" data-n="${n}"><a class="num" href="#L${n}" aria-label="Line ${n}">${n}</a><span class="ts">${clock(times[i])}</span><span class="txt">${lineHtml(i)}</span></div>`;
  }

  function render() {
    scheduled = false;
    spacer.style.height = text.length * LINE + 'px';
    if (target !== null && target <= text.length && !box.dataset.jumped) {
      box.dataset.jumped = 'true';
      follow = false;
      followBox.checked = false;
      scrollToLine(target - 1);
    } else if (follow) {
      box.scrollTop = box.scrollHeight;
    }
    const top = box.scrollTop;
    const first = Math.max(0, Math.floor(top / LINE) - MARGIN);
    const last = Math.min(text.length, Math.ceil((top + box.clientHeight) / LINE) + MARGIN);
    if (!dirty && first === shown[0] && last === shown[1]) return;
    let html = '';
    for (let i = first; i < last; i++) html += rowHtml(i);
    rows.style.transform = `translateY(${first * LINE}px)`;
    rows.innerHTML = html;
    shown = [first, last];
    dirty = false;
    box.dataset.rendered = String(last);
  }

  function schedule(force) {
    if (force) dirty = true;
    if (!scheduled) { scheduled = true; requestAnimationFrame(render); }
  }

  function scrollToLine(i) {
    box.scrollTop = Math.max(0, i * LINE - box.clientHeight / 2 + LINE);
  }

  function setStatus() {
    const n = text.length.toLocaleString('en');
    status.textContent = done ? `${n} lines · finished (${endState})` : `${n} lines · streaming…`;
    box.dataset.lines = String(text.length);
  }

  // ---- search --------------------------------------------------------------------------------------------------
  function scan(from) {
    for (let i = from; i < plain.length; i++) if (plain[i].toLowerCase().includes(query)) matches.push(i);
  }

  function setQuery(q) {
    query = q.toLowerCase();
    matches = [];
    current = -1;
    if (query) scan(0);
    if (matches.length) { current = 0; jumpToMatch(); }
    showCount();
    schedule(true);
  }

  function showCount() {
    counter.textContent = !query ? '' : matches.length === 0 ? 'no matches' : `${current + 1} of ${matches.length.toLocaleString('en')} matches`;
  }

  function jumpToMatch() {
    if (current < 0 || !matches.length) return;
    follow = false;
    followBox.checked = false;
    scrollToLine(matches[current]);
    showCount();
    schedule(true);
  }

  function step(delta) {
    if (!matches.length) return;
    current = (current + delta + matches.length) % matches.length;
    jumpToMatch();
  }

  let debounce = 0;
  // Typing searches after a pause; Enter searches at once (or moves to the next match). A query already applied is
  // never applied again, so the current match stays where the reader moved it.
  const apply = () => { clearTimeout(debounce); if (search.value.toLowerCase() !== query) { setQuery(search.value); return true; } return false; };
  search.addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(apply, 150); });
  search.addEventListener('keydown', e => {
    if (e.key === 'Enter') { e.preventDefault(); if (!apply()) step(e.shiftKey ? -1 : 1); }
    if (e.key === 'Escape') { search.value = ''; setQuery(''); }
  });
  document.getElementById('log-next').addEventListener('click', () => { if (!apply()) step(1); });
  document.getElementById('log-prev').addEventListener('click', () => { if (!apply()) step(-1); });
  document.addEventListener('keydown', e => {
    if (e.key === '/' && document.activeElement !== search) { e.preventDefault(); search.focus(); }
  });

  // ---- line links, follow, timestamps ---------------------------------------------------------------------------
  function lineFromHash() {
    const m = /^#L(\d+)$/.exec(location.hash);
    return m ? Number(m[1]) : null;
  }

  window.addEventListener('hashchange', () => {
    target = lineFromHash();
    delete box.dataset.jumped;
    schedule(true);
  });

  box.addEventListener('scroll', () => {
    const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - LINE * 2;
    if (!atBottom && follow && text.length * LINE > box.clientHeight) { follow = false; followBox.checked = false; }
    schedule(false);
  }, { passive: true });
  followBox.addEventListener('change', () => { follow = followBox.checked; schedule(false); });
  timesBox.addEventListener('change', () => box.classList.toggle('no-times', !timesBox.checked));

  // ---- stream --------------------------------------------------------------------------------------------------
  const source = new EventSource(box.dataset.stream);
  source.addEventListener('lines', e => {
    const batch = JSON.parse(e.data);
    const from = text.length;
    for (const [, ts, stream, , t] of batch) {
      let line = t.endsWith('\r') ? t.slice(0, -1) : t;
      const cr = line.lastIndexOf('\r');
      if (cr >= 0) line = line.slice(cr + 1);
      text.push(line);
      plain.push(line.indexOf('\x1b') < 0 ? line : line.replace(ESC, ''));
      times.push(ts);
      errs.push(stream === 'e');
    }
    if (query) { scan(from); if (current < 0 && matches.length) current = 0; showCount(); }
    setStatus();
    schedule(true);
  });
  source.addEventListener('end', e => {
    done = true;
    source.close();
    try { endState = JSON.parse(e.data).state; } catch (x) { endState = 'finished'; }
    setStatus();
    box.dataset.done = 'true';
    box.dataset.loadMs = String(Math.round(performance.now() - started));
    schedule(true);
  });
  source.onerror = () => {
    if (!done) status.textContent = `${text.length.toLocaleString('en')} lines · reconnecting…`;
  };
  setStatus();
})();
