// Phone header menu. Without this script the header links wrap under the brand and every page still works; with it, on
// a narrow screen (the CSS decides, at 40rem) they fold into a disclosure: a real <button> with aria-expanded and
// aria-controls, so keyboard (Enter/Space) and screen readers get a button's behaviour for free. Escape closes it and
// puts focus back on the button.
(() => {
  const header = document.querySelector('.site-header');
  const button = header?.querySelector('.menu-button');
  const menu = button && document.getElementById(button.getAttribute('aria-controls'));
  if (!menu) return;
  const set = (open) => button.setAttribute('aria-expanded', open ? 'true' : 'false');
  set(false);
  button.hidden = false;
  header.dataset.menu = 'ready';
  button.addEventListener('click', () => set(button.getAttribute('aria-expanded') !== 'true'));
  header.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && button.getAttribute('aria-expanded') === 'true' && getComputedStyle(button).display !== 'none') {
      set(false);
      button.focus();
    }
  });
})();
