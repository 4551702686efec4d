// The clerk's window: small enhancements over pages that work without script.
// - A field is checked when the clerk leaves it: the form is sent to …/check/<field>, and the problems the
//   server finds (the same checks as on submit) replace those shown beside the field.
// - A form's submit button works once: a double click sends one request (the Idempotency-Key the form
//   carries makes a second request register nothing new anyway).
// - A print view's button prints.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  const summary = document.getElementById('problem-summary');
  if (summary) {
    summary.focus();
  }

  document.querySelectorAll('form[data-check-url]').forEach((form) => {
    const checkUrl = form.getAttribute('data-check-url');
    form.querySelectorAll('[data-check]').forEach((input) => {
      input.addEventListener('change', () => check(form, checkUrl, input));
    });
  });

  document.querySelectorAll('form').forEach((form) => {
    form.addEventListener('submit', (event) => {
      const button = form.querySelector('button[data-once]');
      if (!button) {
        return;
      }
      if (button.dataset.sent === 'true') {
        event.preventDefault();
        return;
      }
      button.dataset.sent = 'true';
      button.setAttribute('aria-disabled', 'true');
    });
  });

  // a page restored from the back/forward cache may be sent again: its button works once more (same key)
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) {
      document.querySelectorAll('button[data-once]').forEach((button) => {
        delete button.dataset.sent;
        button.removeAttribute('aria-disabled');
      });
    }
  });

  document.querySelectorAll('button[data-print]').forEach((button) => {
    button.addEventListener('click', () => window.print());
  });
});

async function check(form, checkUrl, input) {
  const field = input.getAttribute('data-check');
  const body = new URLSearchParams(new FormData(form));
  try {
    const response = await fetch(checkUrl + encodeURIComponent(field), {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { 'Accept': 'text/html' },
    });
    if (!response.ok) {
      return; // the submit checks again; nothing is lost
    }
    const html = await response.text();
    const holder = document.getElementById(field + '-problems');
    if (!holder) {
      return;
    }
    const fragment = new DOMParser().parseFromString(html, 'text/html').getElementById(field + '-problems');
    if (!fragment) {
      return;
    }
    holder.replaceChildren(...fragment.childNodes);
    const wrong = holder.querySelector('.problem') !== null;
    input.setAttribute('aria-invalid', String(wrong));
    const box = document.getElementById('field-' + field);
    if (box) {
      box.classList.toggle('has-problem', wrong);
    }
  } catch (e) {
    // offline for a moment: the submit checks again
  }
}
