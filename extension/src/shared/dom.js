// A tiny element builder. Text always goes in as text nodes, never as HTML,
// so nothing a label or a page says can become markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'value') el.value = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

let fieldCount = 0;

// A labelled form field: <label for> + control, so the control's accessible
// name is the label's text.
export function field(labelText, control, help) {
  const id = control.id || `field-${++fieldCount}`;
  control.id = id;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, labelText),
    control,
    help ? h('p', { class: 'help' }, help) : null,
  );
}

// Shows `message` in the form's alert line (role=alert, so it is announced).
export function showError(container, error) {
  const alert = container.querySelector('[data-alert]');
  alert.textContent = error ? error.message : '';
  alert.hidden = !error;
}

export function alertLine() {
  return h('p', { role: 'alert', class: 'alert', 'data-alert': true, hidden: true });
}

// Runs `work` with the form's submit button disabled, showing any error.
export async function busy(form, work) {
  const button = form.querySelector('button[type=submit]');
  if (button) button.disabled = true;
  showError(form, null);
  try {
    return await work();
  } catch (error) {
    showError(form, error);
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

// A moment as the pages write it, in UTC as the vault keeps it: "2026-12-02
// 14:32" (`precision` 16) or the day alone (10), the ISO form (24) for a
// <time>'s datetime. A date no calendar has (a damaged or crafted file) reads
// "unknown date" instead of stopping the page.
export function moment(millis, precision = 16) {
  const date = new Date(millis);
  if (!Number.isFinite(date.getTime())) return 'unknown date';
  return date
    .toISOString()
    .slice(0, precision)
    .replace('T', precision < 24 ? ' ' : 'T');
}

export function day(millis) {
  return moment(millis, 10);
}
