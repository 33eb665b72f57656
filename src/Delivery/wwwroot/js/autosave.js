// Autosave for exercise forms: every change is kept in localStorage at once and sent to the server after a short pause.
// The browser copy is removed only when the server confirms the same text, so a reload, a dropped network or an expired
// session never loses what the patient wrote. Without JavaScript the forms still post normally.
// Every save carries a sequence number per field, higher than any this browser or the server has used for it (the page
// brings the server's in data-seq; the last one sent is kept beside the text in localStorage, so a reload continues
// above it). The server refuses (409) a save that is not newer, so a slow request that lands after a newer one cannot
// put older text back.
(() => {
  const cfg = document.getElementById('autosave');
  if (!cfg || !window.fetch) return;
  const forms = [...document.querySelectorAll('form.exercise-form[data-block]')];
  const key = (block, field) => `cp:${cfg.dataset.enrollment}:${block}:${field}`;
  const seqKey = (block, field) => `${key(block, field)}#seq`;
  const timers = new Map();
  const latest = new Map(); // form → the sequence of the newest save sent from this page
  const server = (() => { try { return JSON.parse(cfg.dataset.seq || '{}'); } catch { return {}; } })();
  const known = (block, field) => Math.max(Number(server[block]?.[field] ?? 0), Number(localStorage.getItem(seqKey(block, field)) ?? 0));
  const learn = (block, sequences) => {
    server[block] ??= {};
    for (const [f, n] of Object.entries(sequences ?? {})) server[block][f] = Math.max(Number(server[block][f] ?? 0), Number(n));
  };
  // The next number for a save of these fields: one above every number known for any of them.
  const next = (block, fields) => 1 + Math.max(0, ...Object.keys(fields).map((f) => known(block, f)));

  const collect = (form) => {
    const fields = {};
    form.querySelectorAll('[data-field]').forEach((el) => {
      const f = el.dataset.field;
      if (el.type === 'checkbox') fields[f] = el.checked ? 'true' : '';
      else if (el.type === 'radio') { if (el.checked) fields[f] = el.value; }
      else fields[f] = el.value;
    });
    return fields;
  };
  const status = (form, text, state) => {
    const s = form.querySelector('.save-status');
    if (s) { s.textContent = text; s.dataset.state = state; }
  };
  const unsaved = (form) => Object.keys(collect(form)).some((f) => localStorage.getItem(key(form.dataset.block, f)) !== null);

  // Numbers this save and remembers the number beside each field, before anything is sent.
  const number = (form, fields) => {
    const block = form.dataset.block;
    const n = next(block, fields);
    for (const f of Object.keys(fields)) localStorage.setItem(seqKey(block, f), String(n));
    latest.set(form, n);
    return Object.fromEntries(Object.keys(fields).map((f) => [f, n]));
  };

  async function save(form) {
    const block = form.dataset.block;
    const fields = collect(form);
    const token = form.querySelector('input[name="__RequestVerificationToken"]')?.value ?? '';
    const release = Number(form.querySelector('input[name="release"]')?.value ?? 0);
    const sequences = number(form, fields);
    status(form, cfg.dataset.saving, 'saving');
    try {
      const r = await fetch(cfg.dataset.url, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'RequestVerificationToken': token },
        body: JSON.stringify({ blockId: block, release, fields, sequences }),
      });
      if (r.ok) {
        const body = await r.json();
        learn(block, body.sequences);
        for (const [f, v] of Object.entries(fields)) {
          if (localStorage.getItem(key(block, f)) === v) localStorage.removeItem(key(block, f));
          if (localStorage.getItem(key(block, f)) === null) localStorage.removeItem(seqKey(block, f));
        }
        if (latest.get(form) !== sequences[Object.keys(fields)[0]]) return; // a newer save is on its way; it reports
        const time = new Date().toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit', timeZone: document.documentElement.dataset.timeZone });
        status(form, body.message || `${cfg.dataset.saved} ${time}`, 'saved');
      } else if (r.status === 409) {
        // Not newer than what the server holds. If this page has sent a newer save since, that one counts: nothing to do.
        // Otherwise another tab or device saved in between: the text on this screen is the newest the patient has seen,
        // so it is sent again above the server's number (the browser copy stays until that is confirmed).
        const problem = await r.json().catch(() => null);
        learn(block, problem?.sequences);
        if (latest.get(form) === sequences[Object.keys(fields)[0]]) save(form);
      } else if (r.status === 401) {
        status(form, cfg.dataset.signedOut, 'error');
      } else {
        const problem = await r.json().catch(() => null);
        status(form, problem?.detail || problem?.title || cfg.dataset.offline, 'error');
      }
    } catch {
      status(form, cfg.dataset.offline, 'offline');
      retryLater(form);
    }
  }

  function retryLater(form) {
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(() => { if (navigator.onLine && unsaved(form)) save(form); else retryLater(form); }, 5000));
  }

  function changed(form) {
    const block = form.dataset.block;
    for (const [f, v] of Object.entries(collect(form))) localStorage.setItem(key(block, f), v);
    clearTimeout(timers.get(form));
    if (!navigator.onLine) { status(form, cfg.dataset.offline, 'offline'); return; }
    timers.set(form, setTimeout(() => save(form), 800));
  }

  forms.forEach((form) => {
    const block = form.dataset.block;
    let restored = false;
    form.querySelectorAll('[data-field]').forEach((el) => {
      const v = localStorage.getItem(key(block, el.dataset.field));
      if (v === null) return;
      if (el.type === 'checkbox') { if (el.checked !== (v === 'true')) { el.checked = v === 'true'; restored = true; } }
      else if (el.type === 'radio') { if (el.value === v && !el.checked) { el.checked = true; restored = true; } }
      else if (el.value !== v) { el.value = v; restored = true; }
    });
    if (restored) { status(form, cfg.dataset.restored, 'restored'); save(form); }
    else {
      Object.keys(collect(form)).forEach((f) => { // the server already has it
        localStorage.removeItem(key(block, f));
        if (known(block, f) <= Number(server[block]?.[f] ?? 0)) localStorage.removeItem(seqKey(block, f));
      });
    }
    form.addEventListener('input', () => changed(form));
    form.addEventListener('change', () => changed(form));
    // A form posted with the Save button is numbered too, so an autosave still on its way cannot overwrite it.
    form.addEventListener('submit', () => {
      clearTimeout(timers.get(form));
      for (const [f, n] of Object.entries(number(form, collect(form)))) {
        const input = form.querySelector(`input[name="seq.${f}"]`) ?? form.appendChild(Object.assign(document.createElement('input'), { type: 'hidden', name: `seq.${f}` }));
        input.value = String(n);
      }
    });
  });
  window.addEventListener('online', () => forms.filter(unsaved).forEach(save));
})();
