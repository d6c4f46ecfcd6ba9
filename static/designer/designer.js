// regstack theme designer: edits the --rs-* variables, shows contrast and a live preview.
const token = document.body.dataset.wizardToken ?? '';
const statusEl = document.querySelector('[data-td-status]');
const frame = document.querySelector('[data-td-frame]');
const controls = {
  page: document.querySelector('[data-td-preview="page"]'),
  scheme: document.querySelector('[data-td-preview="scheme"]'),
  width: document.querySelector('[data-td-preview="width"]'),
};

let state = null;
const values = { light: {}, dark: {} };
const inputs = { light: new Map(), dark: new Map() };

function setStatus(text, tone) {
  statusEl.textContent = text;
  if (tone) statusEl.dataset.tone = tone;
  else delete statusEl.dataset.tone;
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { 'X-Wizard-Token': token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    setStatus('Designer session expired. Run `regstack theme design` again.', 'error');
    throw new Error('unauthorised');
  }
  return { status: response.status, json: await response.json() };
}

/** `#rgb`, `#rrggbb` or `#rrggbbaa` as the `#rrggbb` a colour input takes; null otherwise. */
function asPickerValue(value) {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec((value ?? '').trim());
  if (!hex) return null;
  const digits = hex[1].length === 3 ? [...hex[1]].map((d) => d + d).join('') : hex[1].slice(0, 6);
  return `#${digits.toLowerCase()}`;
}

function effective(scope, name) {
  const own = values[scope][name];
  if (own) return own;
  if (scope === 'dark')
    return state.defaults.dark[name] ?? values.light[name] ?? state.defaults.light[name];
  return state.defaults.light[name];
}

function field(scope, name, isColour) {
  const id = `td-${scope}-${name.slice(2)}`;
  const row = document.createElement('div');
  row.className = 'td-field';
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = name;
  const group = document.createElement('div');
  group.className = 'td-inputs';
  const text = document.createElement('input');
  text.type = 'text';
  text.id = id;
  text.name = `${scope}:${name}`;
  text.spellcheck = false;
  text.autocomplete = 'off';
  group.append(text);
  let picker = null;
  if (isColour) {
    picker = document.createElement('input');
    picker.type = 'color';
    picker.setAttribute('aria-label', `${name} colour picker (${scope})`);
    picker.addEventListener('input', () => {
      text.value = picker.value;
      values[scope][name] = picker.value;
      changed();
    });
    group.append(picker);
  }
  const reset = document.createElement('button');
  reset.type = 'button';
  reset.textContent = 'Reset';
  reset.setAttribute('aria-label', `Reset ${name} (${scope}) to the default`);
  reset.addEventListener('click', () => {
    delete values[scope][name];
    refreshField(scope, name);
    changed();
  });
  text.addEventListener('input', () => {
    if (text.value.trim() === '') delete values[scope][name];
    else values[scope][name] = text.value;
    if (picker) {
      const hex = asPickerValue(effective(scope, name));
      if (hex) picker.value = hex;
    }
    changed();
  });
  row.append(label, group, reset);
  inputs[scope].set(name, { text, picker });
  return row;
}

function refreshField(scope, name) {
  const entry = inputs[scope].get(name);
  if (!entry) return;
  entry.text.value = values[scope][name] ?? '';
  entry.text.placeholder = effective(scope, name) ?? '';
  if (entry.picker) entry.picker.value = asPickerValue(effective(scope, name)) ?? '#000000';
}

function refreshAll() {
  for (const scope of ['light', 'dark'])
    for (const name of inputs[scope].keys()) refreshField(scope, name);
}

function build() {
  const { schema } = state;
  for (const scope of ['light', 'dark']) {
    const host = document.querySelector(`[data-td-fields="${scope}"]`);
    host.replaceChildren();
    inputs[scope].clear();
    const names = scope === 'light' ? schema.all_vars : schema.color_vars;
    for (const name of names) host.append(field(scope, name, schema.color_vars.includes(name)));
  }
}

function load(theme) {
  values.light = { ...theme.light };
  values.dark = { ...theme.dark };
  refreshAll();
  changed();
}

function showChecks(result) {
  const body = document.querySelector('[data-td-contrast]');
  body.replaceChildren(
    ...result.contrast.map((check) => {
      const row = document.createElement('tr');
      row.dataset.ok = String(check.ok);
      for (const text of [
        check.scope,
        `${check.fg} on ${check.bg}`,
        check.use,
        `${check.ratio.toFixed(2)}:1${check.ok ? '' : ' — too low'}`,
        `${check.minimum}:1`,
      ]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    }),
  );
  const errors = document.querySelector('[data-td-errors]');
  errors.replaceChildren(
    ...result.errors.map((problem) => {
      const item = document.createElement('li');
      item.textContent = `${problem.scope}: ${problem.message}`;
      return item;
    }),
  );
  for (const scope of ['light', 'dark']) {
    for (const [name, entry] of inputs[scope]) {
      const bad = result.errors.some((p) => p.scope === scope && p.field === name);
      entry.text.setAttribute('aria-invalid', String(bad));
    }
  }
}

function previewUrl() {
  const page = controls.page.value;
  const path = page === 'login-error' ? 'login' : page;
  const extra = page === 'login-error' ? '&state=error' : '';
  return `/preview/${path}?token=${encodeURIComponent(token)}${extra}`;
}

let timer = null;
let sequence = 0;
function changed() {
  clearTimeout(timer);
  timer = setTimeout(async () => {
    const mine = ++sequence;
    const { json } = await api('POST', '/api/preview', {
      light: values.light,
      dark: values.dark,
      scheme: controls.scheme.value,
    });
    if (mine !== sequence) return;
    showChecks(json);
    frame.src = `${previewUrl()}&v=${mine}`;
  }, 120);
}

document.querySelector('[data-td-action="save"]').addEventListener('click', async () => {
  const { status, json } = await api('POST', '/api/save', {
    light: values.light,
    dark: values.dark,
  });
  if (status === 200) {
    setStatus(
      `Saved ${json.bytes_written} bytes to ${json.target_path} (light ${json.light_count}, dark ${json.dark_count}).`,
    );
  } else if (status === 422) {
    setStatus(
      `Not saved: ${json.errors.map((p) => `${p.scope}: ${p.message}`).join(' ')}`,
      'error',
    );
  } else {
    setStatus(`Not saved: ${json.detail ?? status}`, 'error');
  }
});
document.querySelector('[data-td-action="reset-all"]').addEventListener('click', () => {
  load({ light: {}, dark: {} });
  setStatus('Every value is back to its default (not saved yet).');
});
document.querySelector('[data-td-action="load"]').addEventListener('click', async () => {
  const { json } = await api('GET', '/api/state');
  state = json;
  load(state.existing);
  setStatus(`Loaded ${state.target_dir}/${state.filename}.`);
});
document.querySelector('[data-td-action="done"]').addEventListener('click', async () => {
  await api('POST', '/api/done');
  setStatus('The designer has stopped. You can close this tab.');
});
controls.page.addEventListener('change', changed);
controls.scheme.addEventListener('change', changed);
controls.width.addEventListener('change', () => {
  frame.width = controls.width.value;
});

const initial = await api('GET', '/api/state');
state = initial.json;
document.querySelector('[data-td-target]').textContent = `${state.target_dir}/${state.filename}`;
build();
load(state.existing);
