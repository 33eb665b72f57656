// Page editor outline and folding. Without this script every block stays open and the outline's links still jump to
// each block. With it, each block's "Vis feltene" button (aria-expanded, aria-controls) folds the block to its heading
// and first words, "Fold sammen alle" folds or opens every block, and following an outline link opens a folded block.
// Folding only hides fields: they stay in the form, so saving and autosave send exactly what they did before.
(() => {
  const buttons = [...document.querySelectorAll("[data-fold]")];
  const fold = (button, open) => {
    const body = document.getElementById(button.getAttribute("aria-controls"));
    if (!body) return;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    body.hidden = !open;
    button.closest(".block")?.classList.toggle("folded", !open);
    // A Markdown editor measured while hidden draws nothing until told to measure again.
    if (open) for (const cm of body.querySelectorAll(".CodeMirror")) cm.CodeMirror?.refresh();
  };
  for (const button of buttons) {
    button.hidden = false;
    button.addEventListener("click", () => fold(button, button.getAttribute("aria-expanded") !== "true"));
  }
  const all = document.querySelector("[data-fold-all]");
  if (all) {
    all.hidden = false;
    all.addEventListener("click", () => {
      const folding = all.getAttribute("aria-pressed") !== "true";
      all.setAttribute("aria-pressed", folding ? "true" : "false");
      for (const button of buttons) fold(button, !folding);
    });
  }
  for (const link of document.querySelectorAll('.outline a[href^="#block-"]')) {
    link.addEventListener("click", () => {
      const button = document.getElementById(link.hash.slice(1))?.querySelector("[data-fold]");
      if (button && button.getAttribute("aria-expanded") !== "true") fold(button, true);
    });
  }
})();
