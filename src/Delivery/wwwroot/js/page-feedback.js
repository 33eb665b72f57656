// "Var denne sida nyttig?" without a page reload: the same form the page posts without JavaScript, sent to the feedback
// API with its antiforgery token. Focus stays where the patient left it (on the button they pressed); the thanks or the
// error is written into the form's polite live region (role=status), so a screen reader announces it without moving.
(() => {
  const form = document.querySelector('#page-feedback form[data-feedback-url]');
  if (!form || !window.fetch) return;
  const status = form.querySelector('[data-feedback-status]');
  const errors = form.querySelector('[data-feedback-error]');
  const removeButton = form.querySelector('[data-feedback-remove]');
  const token = form.querySelector('input[name="__RequestVerificationToken"]')?.value ?? '';

  const showError = (text) => {
    errors.replaceChildren();
    if (!text) return;
    const alert = document.createElement('div');
    alert.className = 'alert alert-error';
    alert.setAttribute('role', 'alert');
    alert.textContent = text; // plain text, never HTML
    errors.append(alert);
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const remove = event.submitter?.name === 'remove';
    const choice = form.querySelector('input[name="useful"]:checked');
    const body = {
      moduleId: form.dataset.module,
      pageId: form.dataset.page,
      useful: choice ? choice.value === 'true' : null,
      comment: form.elements.comment.value,
      remove,
    };
    try {
      const response = await fetch(form.dataset.feedbackUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', RequestVerificationToken: token },
        body: JSON.stringify(body),
      });
      const result = await response.json().catch(() => ({}));
      if (!response.ok) {
        showError(result.detail || form.dataset.failed);
        return;
      }
      showError(null);
      if (remove) {
        form.querySelectorAll('input[name="useful"]').forEach((r) => { r.checked = false; });
        form.elements.comment.value = '';
      }
      // The pressed remove button hides: hand focus to the question instead of losing it to the page.
      if (remove && document.activeElement === removeButton) form.querySelector('input[name="useful"]').focus();
      removeButton.hidden = remove;
      status.textContent = result.message;
    } catch {
      showError(form.dataset.failed);
    }
  });
})();
