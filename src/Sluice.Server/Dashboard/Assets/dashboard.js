// Sluice dashboard: keeps [data-live] regions current by re-reading the page they came from and swapping regions that
// changed. A region whose data-terminal is "true" is final (a finished run): polling stops. Open <details> and keyboard
// focus survive a swap; a region where someone is typing (a lock's reason, an approval's comment) waits until they
// leave the field. No framework, no build step.
(() => {
  'use strict';
  const liveRegions = () => [...document.querySelectorAll('[data-live]')];
  if (liveRegions().length === 0) return;
  const seconds = Math.min(...liveRegions().map(r => Number(r.dataset.live) || 5));
  const seen = new Map(liveRegions().map(r => [r.id, r.outerHTML]));
  let busy = false;
  let timer = 0;

  function focusSelector(region) {
    const active = document.activeElement;
    if (!active || !region.contains(active)) return null;
    if (active.id) return '#' + CSS.escape(active.id);
    if (active.dataset && active.dataset.key) return `[data-key="${CSS.escape(active.dataset.key)}"]`;
    return null;
  }

  function typingIn(region) {
    const active = document.activeElement;
    return !!active && region.contains(active) && (active.tagName === 'TEXTAREA' || (active.tagName === 'INPUT' && active.type !== 'hidden'));
  }

  function swap(region, fresh) {
    const open = new Set([...region.querySelectorAll('details[open]')].map(d => d.id));
    const focus = focusSelector(region);
    const node = document.importNode(fresh, true);
    for (const d of node.querySelectorAll('details')) {
      if (open.has(d.id)) d.setAttribute('open', '');
    }
    region.replaceWith(node);
    if (focus) {
      const again = node.querySelector(focus);
      if (again) again.focus({ preventScroll: true });
    }
  }

  async function refresh() {
    const regions = liveRegions();
    if (regions.length === 0 || regions.every(r => r.dataset.terminal === 'true')) {
      clearInterval(timer);
      return;
    }
    if (busy || document.hidden) return;
    busy = true;
    try {
      const response = await fetch(location.href, { headers: { 'X-Sluice-Live': '1' }, cache: 'no-store', credentials: 'same-origin' });
      if (response.redirected && new URL(response.url).pathname !== location.pathname) {
        location.assign(response.url);
        return;
      }
      if (!response.ok) return;
      const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
      for (const region of regions) {
        const fresh = doc.getElementById(region.id);
        if (!fresh) continue;
        const html = fresh.outerHTML;
        if (seen.get(region.id) === html || typingIn(region)) continue;
        seen.set(region.id, html);
        swap(region, fresh);
      }
    } catch (e) {
      // A failed refresh (server restarting, network) is retried at the next tick.
    } finally {
      busy = false;
    }
  }

  timer = setInterval(refresh, seconds * 1000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
})();
