// Page editor enhancements: EasyMDE for Markdown fields with a live preview from the server's pipeline (the one Delivery
// uses), and autosave. Nothing typed is lost: every change goes to localStorage first and stays there until the server
// confirms the save; a save refused because another tab or person saved first is shown, never overwritten.
(() => {
  const form = document.getElementById("page-form");
  if (!form || !form.dataset.autosave) return;
  const texts = JSON.parse(document.getElementById("editor-texts").textContent);
  const token = form.querySelector("input[name=__RequestVerificationToken]")?.value ?? "";
  const status = document.getElementById("autosave-status");
  const versionInput = form.elements.version;
  const key = form.dataset.storageKey;
  const editors = new Map();
  let timer = null;
  let stopped = false;
  let inflight = null;
  let queued = null;

  const say = (text, action) => {
    if (!status) return;
    status.textContent = text;
    if (action) status.append(" ", action);
  };
  const fields = () => {
    const values = {};
    for (const el of form.elements) {
      if (!el.name || el.name === "__RequestVerificationToken" || el.type === "submit" || el.disabled) continue;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) continue;
      (values[el.name] ??= []).push(el.value);
    }
    return values;
  };
  const remember = (submitted) => {
    try {
      localStorage.setItem(key, JSON.stringify({ version: Number(versionInput.value), submitted, fields: fields(), at: Date.now() }));
    } catch { /* storage full or disabled: the server save still runs */ }
  };

  // Restore text the server never confirmed (reload, crash, network drop) before the editors start.
  const saved = (() => { try { return JSON.parse(localStorage.getItem(key) ?? "null"); } catch { return null; } })();
  const conflictShown = form.dataset.conflict === "true";
  if (saved && !conflictShown) {
    if (saved.submitted && Number(form.dataset.version) > saved.version) {
      localStorage.removeItem(key); // the normal save went through
    } else if (!saved.submitted || Number(form.dataset.version) === saved.version) {
      for (const [name, values] of Object.entries(saved.fields)) {
        const els = [...form.elements].filter(e => e.name === name);
        els.forEach((el, i) => {
          if (el.type === "checkbox") el.checked = values.includes(el.value);
          else if (el.type !== "hidden" || name === "version") el.value = values[i] ?? el.value;
        });
      }
      say(texts.restored);
      setTimeout(() => save(), 0);
    }
  }

  const preview = async (markdown) => {
    const body = new FormData();
    body.append("markdown", markdown);
    const response = await fetch(form.dataset.previewUrl, { method: "POST", body, headers: { RequestVerificationToken: token } });
    return response.ok ? (await response.json()).html : "";
  };

  for (const area of form.querySelectorAll("textarea.markdown")) {
    if (typeof EasyMDE === "undefined" || area.disabled) break;
    const label = form.querySelector(`label[for="${area.id}"]`)?.textContent ?? "";
    const live = document.createElement("div");
    live.className = "md-preview";
    live.innerHTML = `<p class="muted"></p><div class="rendered" lang="${area.lang}"></div>`;
    live.firstElementChild.textContent = `${texts.livePreview} – ${label}`;
    const button = (name, action, text) => ({ name, action, text, title: text, className: "md-button" });
    const mde = new EasyMDE({
      element: area,
      autoDownloadFontAwesome: false,
      spellChecker: false,
      status: false,
      forceSync: true,
      minHeight: "10rem",
      toolbar: [
        button("bold", EasyMDE.toggleBold, texts.bold),
        button("italic", EasyMDE.toggleItalic, texts.italic),
        button("heading", EasyMDE.toggleHeadingSmaller, texts.heading),
        button("unordered-list", EasyMDE.toggleUnorderedList, texts.list),
        button("ordered-list", EasyMDE.toggleOrderedList, texts.numbered),
        button("link", EasyMDE.drawLink, texts.link),
        button("preview", EasyMDE.togglePreview, texts.preview),
      ],
      previewRender: (text, target) => { preview(text).then(html => { target.innerHTML = html; }); return target.innerHTML; },
    });
    mde.codemirror.getInputField().setAttribute("aria-label", label);
    // The text is in the field's language, not the Cms's: screen readers and spelling must read Nynorsk as Nynorsk.
    // Only the text area (and the preview EasyMDE puts inside it) takes it; the toolbar speaks the Cms's language.
    if (area.lang) mde.codemirror.getWrapperElement().setAttribute("lang", area.lang);
    area.parentElement.append(live);
    let previewTimer = null;
    const refresh = () => preview(mde.value()).then(html => { live.lastElementChild.innerHTML = html; });
    mde.codemirror.on("change", () => {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(refresh, 400);
      changed();
    });
    refresh();
    editors.set(area.id, mde);
  }

  // One save at a time: every save carries the version the last one returned, so a second save sent while the first
  // is on its way would carry the same version and be refused as a conflict with our own first save. A save asked
  // for meanwhile waits, then sends the form as it is by then, with the new version (several such asks make one save).
  function save() {
    if (stopped) return Promise.resolve();
    if (inflight) {
      queued ??= inflight.catch(() => null).then(() => { queued = null; return save(); });
      return queued;
    }
    inflight = saveNow().finally(() => { inflight = null; });
    return inflight;
  }

  async function saveNow() {
    remember(false);
    say(texts.saving);
    const body = new FormData(form);
    let response;
    try {
      response = await fetch(form.dataset.autosave, { method: "POST", body, headers: { RequestVerificationToken: token } });
    } catch {
      say(texts.offline);
      return;
    }
    const result = await response.json().catch(() => ({}));
    if (response.ok) {
      versionInput.value = result.version;
      form.dataset.version = result.version;
      localStorage.removeItem(key);
      say(`${texts.saved} ${result.savedAt}`);
    } else if (response.status === 409) {
      stopped = true;
      const show = document.createElement("button");
      show.type = "submit";
      show.name = "op";
      show.value = "save";
      show.className = "button small";
      show.textContent = texts.conflict;
      say(result.message ?? "", show);
    } else {
      say(result.message ?? texts.invalid);
    }
  }

  function changed() {
    remember(false);
    clearTimeout(timer);
    timer = setTimeout(save, 1500);
  }

  form.addEventListener("input", e => { if (!e.target.closest(".EasyMDEContainer")) changed(); });
  form.addEventListener("change", e => { if (e.target.type === "checkbox" || e.target.tagName === "SELECT") changed(); });
  form.addEventListener("submit", async e => {
    clearTimeout(timer);
    if (inflight && !stopped) {
      // An autosave is on its way: wait for its new version, or this submit would conflict with our own save.
      // No waiting autosave may start after it either: the submit carries the whole form.
      e.preventDefault();
      const submitter = e.submitter;
      stopped = true;
      await inflight.catch(() => null);
      remember(true);
      form.requestSubmit(submitter);
      return;
    }
    stopped = true;
    remember(true);
  });
  window.addEventListener("online", () => { if (localStorage.getItem(key)) save(); });

  for (const use of document.querySelectorAll("[data-use-theirs]")) {
    use.hidden = false;
    use.addEventListener("click", () => {
      const id = use.dataset.useTheirs;
      const text = document.querySelector(`pre[data-for="${id}"]`).textContent;
      const mde = editors.get(id);
      if (mde) mde.value(text); else { const el = document.getElementById(id); if (el) el.value = text; }
      document.getElementById(id)?.focus();
      changed();
    });
  }
})();
