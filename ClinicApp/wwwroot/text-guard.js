// A text too long for the circuit must never be sent: a message over the circuit's limit drops the
// connection and what was typed is lost without a word. Fields carry maxlength from the model (the
// browser enforces it); this guard covers any field without one. It runs before Blazor's own
// listeners (capture phase on window), keeps the text in the field, and says why it was not sent.
(() => {
  const fallbackMax = 20000;
  const notice = () => document.getElementById('clinic-text-too-long');

  function guard(event) {
    const field = event.target;
    if (!(field instanceof HTMLTextAreaElement || field instanceof HTMLInputElement) || typeof field.value !== 'string') {
      return;
    }

    // MudBlazor gives every field maxlength 524288 unless told otherwise: far above what a circuit
    // message should carry, so the smaller of the two applies.
    const max = field.maxLength > 0 ? Math.min(field.maxLength, fallbackMax) : fallbackMax;
    const box = notice();
    if (field.value.length <= max) {
      if (box && box.dataset.field === (field.id || field.name || 'field')) {
        box.hidden = true;
      }
      return;
    }

    event.stopImmediatePropagation();
    if (box) {
      box.textContent = box.dataset.template
        .replace('{0}', field.value.length.toLocaleString(document.documentElement.lang))
        .replace('{1}', max.toLocaleString(document.documentElement.lang));
      box.dataset.field = field.id || field.name || 'field';
      box.hidden = false;
    }
  }

  window.addEventListener('input', guard, true);
  window.addEventListener('change', guard, true);

  document.addEventListener('click', event => {
    if (event.target instanceof Element && event.target.closest('[data-clinic-reload]')) {
      location.reload();
    }
  });
})();
