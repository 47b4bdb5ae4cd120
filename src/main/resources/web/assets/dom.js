// Small DOM helpers: elements are built with textContent only, never from HTML strings.

/** An element with attributes (on* names are not allowed: listeners are added with addEventListener) and children. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'text') {
      node.textContent = value;
    } else if (name === 'class') {
      node.className = value;
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : String(child));
    }
  }
  return node;
}

/** Shows a message in the page's status line (aria-live: screen readers announce it). */
export function say(text, kind = 'info') {
  const message = document.getElementById('message');
  message.textContent = text;
  message.dataset.kind = kind;
}

/** Asks a yes/no question in the page's <dialog>; resolves true for yes. Escape and "No" answer no. */
export function confirmWith(question) {
  const dialog = document.getElementById('confirm-dialog');
  document.getElementById('confirm-text').textContent = question;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
    dialog.showModal();
  });
}

/** "1 234" style counts and "1 min 05 s" durations, in the browser's locale. */
export function count(n) {
  return n === null || n === undefined ? '–' : Number(n).toLocaleString();
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) {
    return '–';
  }
  const s = Math.round(seconds);
  if (s < 60) {
    return `${s} s`;
  }
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function statusText(status) {
  return (status || '').replace(/_/g, ' ');
}
