// The Google OAuth setup wizard (spec §12.5.2): twelve steps, hash routing, state in
// sessionStorage, every Next checked by the local server.

const TOKEN = document.body.dataset.wizardToken;
const NUM_STEPS = Number(document.body.dataset.numSteps);
const STORE = 'regstack.oauth-wizard.state';
const root = document.getElementById('wizard-root');
let server = {};
let state = {};
try {
  state = JSON.parse(sessionStorage.getItem(STORE) ?? '{}') ?? {};
} catch {
  state = {};
}

function save() {
  sessionStorage.setItem(STORE, JSON.stringify(state));
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json', 'x-wizard-token': TOKEN },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    root.replaceChildren(el('h1', {}, 'Wizard session expired'));
    throw new Error('expired');
  }
  return { status: response.status, data: await response.json() };
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

function input(name, label, type = 'text') {
  const field = el('input', { id: `wz-${name}`, name, type });
  field.value = typeof state[name] === 'string' ? state[name] : '';
  field.addEventListener('input', () => {
    state[name] = field.value;
    save();
  });
  return el(
    'div',
    { class: 'wz-field' },
    el('label', { for: `wz-${name}` }, label),
    field,
    el('span', { class: 'wz-error', 'data-error-for': name }),
  );
}

function checkbox(name, label) {
  const box = el('input', { id: `wz-${name}`, name, type: 'checkbox' });
  box.checked = state[name] === true;
  box.addEventListener('change', () => {
    state[name] = box.checked;
    save();
  });
  return el(
    'div',
    { class: 'wz-check' },
    box,
    el('label', { for: `wz-${name}` }, label),
    el('span', { class: 'wz-error', 'data-error-for': name }),
  );
}

function redirectUri() {
  const base = (state.base_url ?? server.base_url ?? '').replace(/\/+$/, '');
  return `${base}${(server.api_prefix ?? '').replace(/\/+$/, '')}/oauth/google/callback`;
}

const STEPS = [
  [
    'Welcome',
    () => [
      el(
        'p',
        {},
        'This wizard sets up "Sign in with Google" for regstack. It writes regstack.toml and regstack.secrets.env in the target folder, keeping everything else in them.',
      ),
    ],
  ],
  [
    'Existing configuration',
    () =>
      server.existing_oauth
        ? [
            el('p', {}, 'regstack.toml already has an [oauth] table. It will be replaced.'),
            checkbox('replace_existing', 'Replace the existing OAuth configuration'),
          ]
        : [el('p', {}, 'No OAuth configuration yet: a new [oauth] table will be added.')],
  ],
  [
    'Base URL',
    () => [
      input('base_url', 'The URL your app is served at'),
      el('p', {}, 'Redirect URI:'),
      el('p', { class: 'wz-code', id: 'wz-redirect' }, redirectUri()),
    ],
  ],
  [
    'Google Cloud project',
    () => [
      el(
        'p',
        {},
        'Open the Google Cloud console (console.cloud.google.com) and pick or create a project.',
      ),
    ],
  ],
  [
    'Consent screen',
    () => [
      el(
        'p',
        {},
        'Under "APIs & Services → OAuth consent screen", configure the app name and support email.',
      ),
    ],
  ],
  [
    'Client ID',
    () => [
      el('p', {}, 'Under "Credentials", create an OAuth client ID of type "Web application".'),
    ],
  ],
  [
    'Redirect URI',
    () => [
      el('p', {}, 'Add this authorised redirect URI:'),
      el('p', { class: 'wz-code' }, redirectUri()),
    ],
  ],
  [
    'Credentials',
    () => [input('client_id', 'Client ID'), input('client_secret', 'Client secret', 'password')],
  ],
  [
    'Linking',
    () => [
      checkbox(
        'auto_link_verified_emails',
        'Link a Google sign-in to an existing account with the same verified email',
      ),
    ],
  ],
  [
    'Two-factor',
    () => [
      checkbox(
        'enforce_mfa_on_oauth_signin',
        'Ask accounts with SMS two-factor for their code after a Google sign-in',
      ),
    ],
  ],
  [
    'Review',
    () => [
      el('p', {}, `Redirect URI: ${redirectUri()}`),
      el('p', {}, `Client ID: ${state.client_id ?? ''}`),
      el('p', {}, `Client secret: ${'•'.repeat(String(state.client_secret ?? '').length)}`),
      el(
        'p',
        {},
        `Link verified emails: ${state.auto_link_verified_emails === true ? 'yes' : 'no'}`,
      ),
      el(
        'p',
        {},
        `SMS step after Google sign-in: ${state.enforce_mfa_on_oauth_signin === true ? 'yes' : 'no'}`,
      ),
    ],
  ],
  ['Write', () => [el('p', { id: 'wz-summary' }, 'Press Write to save the configuration.')]],
];

function current() {
  const match = /^#\/step\/(\d+)$/.exec(location.hash);
  const step = match ? Number(match[1]) : 0;
  return step >= 0 && step < NUM_STEPS ? step : 0;
}

function showErrors(errors) {
  for (const node of root.querySelectorAll('[data-error-for]')) node.textContent = '';
  const footer = root.querySelector('[data-error-for="_form"]');
  for (const { field, message } of errors) {
    const target = root.querySelector(`[data-error-for="${CSS.escape(field)}"]`) ?? footer;
    if (target) target.textContent = `${target.textContent} ${message}`.trim();
  }
}

function render() {
  const step = current();
  const [title, body] = STEPS[step];
  const back = el('button', { type: 'button' }, 'Back');
  back.disabled = step === 0;
  back.addEventListener('click', () => {
    location.hash = `#/step/${step - 1}`;
  });
  const last = step === NUM_STEPS - 1;
  const next = el('button', { type: 'button', id: 'wz-next' }, last ? 'Write' : 'Next');
  next.addEventListener('click', async () => {
    const payload = { ...state, existing_oauth: server.existing_oauth };
    if (last) {
      const { data } = await api('POST', '/api/write', payload);
      if (!data.ok) {
        if (typeof data.jump_to === 'number') location.hash = `#/step/${data.jump_to}`;
        setTimeout(() => showErrors(data.errors ?? []), 0);
        return;
      }
      root.querySelector('#wz-summary').textContent =
        `Written: ${data.config_path} (${data.config_diff}), ${data.secrets_path} (${data.secrets_diff}).`;
      next.replaceWith(closeButton());
      return;
    }
    const { data } = await api('POST', `/api/step/${step}/validate`, payload);
    if (!data.ok) {
      if (typeof data.jump_to === 'number' && data.jump_to !== step)
        location.hash = `#/step/${data.jump_to}`;
      setTimeout(() => showErrors(data.errors ?? []), 0);
      return;
    }
    location.hash = `#/step/${step + 1}`;
  });
  root.replaceChildren(
    el('p', { class: 'wz-step' }, `Step ${step + 1} of ${NUM_STEPS}`),
    el('h1', {}, title),
    ...body(),
    el('p', { class: 'wz-error', 'data-error-for': '_form' }),
    el('div', { class: 'wz-actions' }, back, next),
  );
  const base = root.querySelector('#wz-base_url');
  base?.addEventListener('input', () => {
    root.querySelector('#wz-redirect').textContent = redirectUri();
  });
}

function closeButton() {
  const button = el('button', { type: 'button' }, 'Close');
  button.addEventListener('click', async () => {
    await api('POST', '/api/done', {});
    sessionStorage.removeItem(STORE);
    root.replaceChildren(el('h1', {}, 'Done. You can close this window.'));
  });
  return button;
}

window.addEventListener('hashchange', render);
api('GET', '/api/state').then(({ data }) => {
  server = data;
  if (typeof state.base_url !== 'string') state.base_url = data.base_url;
  render();
});
