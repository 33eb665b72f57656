// "Try it": scores as soon as an answer is chosen (the form also works with its button and no script).
(() => {
  const form = document.getElementById("try-form");
  if (!form) return;
  form.addEventListener("change", async () => {
    const url = new URL(location.href);
    url.search = new URLSearchParams(new FormData(form)).toString();
    const response = await fetch(url, { headers: { Accept: "text/html" } });
    if (!response.ok) return;
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = doc.getElementById("try-result");
    const current = document.getElementById("try-result");
    if (fresh && current) current.replaceWith(fresh);
    else if (fresh) form.after(fresh);
    history.replaceState(null, "", url);
  });
})();
