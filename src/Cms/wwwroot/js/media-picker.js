// The page editor's media picker: a "choose media" button beside each media field opens a native <dialog> (focus kept
// inside, Escape closes, focus returns to the button) listing the library's media of the field's kind, searchable, as
// the server renders it (/media/picker). Choosing fills the field. Without JavaScript the buttons stay hidden and the key
// is typed into the field as before.
(() => {
  const dialog = document.getElementById("media-picker");
  if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) return;
  const query = document.getElementById("media-picker-q");
  const results = document.getElementById("media-picker-results");
  const announce = document.getElementById("media-picker-announce");
  let trigger = null;
  let target = null;
  let timer = null;
  let request = null;

  const message = (text) => {
    const p = document.createElement("p");
    p.textContent = text;
    results.replaceChildren(p);
  };

  const load = async () => {
    request?.abort();
    const mine = request = new AbortController();
    const params = new URLSearchParams({ kind: trigger.dataset.mediaPicker, q: query.value.trim() });
    results.setAttribute("aria-busy", "true");
    message(dialog.dataset.loading);
    try {
      const response = await fetch(`${dialog.dataset.url}?${params}`, { signal: mine.signal, headers: { Accept: "text/html" } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const html = await response.text();
      if (mine === request) results.innerHTML = html; // our own server's encoded fragment
    } catch (e) {
      if (e.name !== "AbortError") message(dialog.dataset.failed);
    } finally {
      if (mine === request) results.setAttribute("aria-busy", "false");
    }
  };

  const fill = (input, value) => {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true })); // the editor's autosave listens for input
  };

  for (const button of document.querySelectorAll("button[data-media-picker]")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      trigger = button;
      target = document.getElementById(button.dataset.target);
      query.value = "";
      dialog.showModal();
      query.focus();
      load();
    });
  }

  query.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(load, 250);
  });
  dialog.querySelector("form").addEventListener("submit", e => {
    e.preventDefault();
    clearTimeout(timer);
    load();
  });
  dialog.querySelector("[data-picker-close]").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => trigger?.focus());

  results.addEventListener("click", e => {
    const pick = e.target.closest("button[data-pick]");
    if (!pick || !target) return;
    const changed = target.value.trim() !== pick.dataset.pick;
    fill(target, pick.dataset.pick);
    let filledCaptions = false;
    if (pick.dataset.captions) {
      // A video's captions are kept beside it in the library and belong to it: fill the block's caption fields with
      // them when the field is empty or another video was there (its captions would not fit this one).
      const captions = JSON.parse(pick.dataset.captions);
      for (const input of target.closest(".block")?.querySelectorAll("input[data-media-language]") ?? []) {
        const key = captions[input.dataset.mediaLanguage];
        if (key && input.value.trim() !== key && (changed || !input.value.trim())) {
          fill(input, key);
          filledCaptions = true;
        }
      }
    }
    dialog.close();
    announce.textContent = dialog.dataset.chosen.replace("{0}", pick.dataset.name)
      + (filledCaptions ? ` ${dialog.dataset.captionsFilled}` : "");
  });
})();
