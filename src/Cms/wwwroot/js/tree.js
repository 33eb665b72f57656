// Drag-and-drop reordering of modules and pages. Progressive: without it, the Move up/down buttons do the same.
// A drop submits the new order with the version the page was loaded with, so a stale order is refused, never merged.
(() => {
  const form = document.getElementById("reorder-form");
  if (!form) return;
  for (const list of document.querySelectorAll("ol[data-reorder]")) {
    let dragged = null;
    for (const item of list.children) {
      item.draggable = true;
      item.addEventListener("dragstart", e => {
        e.stopPropagation();
        dragged = item;
        item.classList.add("dragging");
        e.dataTransfer.effectAllowed = "move";
      });
      item.addEventListener("dragend", () => item.classList.remove("dragging"));
      item.addEventListener("dragover", e => {
        if (!dragged || dragged.parentElement !== list) return;
        e.preventDefault();
        e.stopPropagation();
        const rect = item.getBoundingClientRect();
        const after = e.clientY > rect.top + rect.height / 2;
        if (item !== dragged) list.insertBefore(dragged, after ? item.nextSibling : item);
      });
      item.addEventListener("drop", e => {
        if (!dragged || dragged.parentElement !== list) return;
        e.preventDefault();
        e.stopPropagation();
        form.elements.module.value = list.dataset.module || "";
        form.elements.ids.value = [...list.children].map(li => li.dataset.id).join(",");
        dragged = null;
        form.submit();
      });
    }
  }
})();
