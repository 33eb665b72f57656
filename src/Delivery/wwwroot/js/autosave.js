// Autosave for exercise forms: every change is kept in localStorage at once and sent to the server after a short pause.
// The browser copy is removed only when the server confirms the same text, so a reload, a dropped network or an expired
// session never loses what the patient wrote. Without JavaScript the forms still post normally.
(() => {
  const cfg = document.getElementById('autosave');
  if (!cfg || !window.fetch) return;
  const forms = [...document.querySelectorAll('form.exercise-form[data-block]')];
  const key = (block, field) => `cp:${cfg.dataset.enrollment}:${block}:${field}`;
  const timers = new Map();

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

  async function save(form) {
    const block = form.dataset.block;
    const fields = collect(form);
    const token = form.querySelector('input[name="__RequestVerificationToken"]')?.value ?? '';
    const release = Number(form.querySelector('input[name="release"]')?.value ?? 0);
    status(form, cfg.dataset.saving, 'saving');
    try {
      const r = await fetch(cfg.dataset.url, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'RequestVerificationToken': token },
        body: JSON.stringify({ blockId: block, release, fields }),
      });
      if (r.ok) {
        const body = await r.json();
        for (const [f, v] of Object.entries(fields)) {
          if (localStorage.getItem(key(block, f)) === v) localStorage.removeItem(key(block, f));
        }
        const time = new Date().toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit' });
        status(form, body.message || `${cfg.dataset.saved} ${time}`, 'saved');
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
    else Object.keys(collect(form)).forEach((f) => localStorage.removeItem(key(block, f))); // the server already has it
    form.addEventListener('input', () => changed(form));
    form.addEventListener('change', () => changed(form));
  });
  window.addEventListener('online', () => forms.filter(unsaved).forEach(save));
})();
