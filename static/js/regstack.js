/*
 * regstack.js — the browser half of regstack's account pages.
 *
 * Hand-written, no framework and no build step. Everything it needs comes from the page:
 * the API and page prefixes from `data-rs-api` / `data-rs-ui` on <body>, the page id from
 * `data-rs-page`, the forms and fields from `data-rs-*` attributes. It runs under a strict
 * Content-Security-Policy, so it never writes HTML or inline styles: text goes in with
 * `textContent`, state changes with attributes.
 *
 * The session token lives in localStorage["regstack.access_token"]; the half-finished
 * two-factor sign-in in sessionStorage["regstack.mfa_pending"] and the methods it may use in
 * sessionStorage["regstack.mfa_methods"].
 */

const TOKEN_KEY = 'regstack.access_token';
const MFA_PENDING_KEY = 'regstack.mfa_pending';
// The second factors the pending sign-in may use, as the server listed them (JSON).
const MFA_METHODS_KEY = 'regstack.mfa_methods';
// A message shown on the next page (after sign-out, a password change…); this tab only.
const FLASH_KEY = 'regstack.flash';
const REDIRECT_DELAY_MS = 1200;

const body = document.body;
const api = body.getAttribute('data-rs-api') ?? '/api/auth';
const ui = body.getAttribute('data-rs-ui') ?? '/account';
const pageId = body.getAttribute('data-rs-page') ?? '';

/* ---------------------------------------------------------------- storage */

function storageGet(area, key) {
  try {
    return window[area].getItem(key);
  } catch {
    return null;
  }
}

function storageSet(area, key, value) {
  try {
    window[area].setItem(key, value);
  } catch {
    // Storage disabled (private mode, policy): the page still works for this visit.
  }
}

function storageRemove(area, key) {
  try {
    window[area].removeItem(key);
  } catch {
    // As above.
  }
}

const readToken = () => storageGet('localStorage', TOKEN_KEY);
const saveToken = (token) => storageSet('localStorage', TOKEN_KEY, token);
const clearToken = () => storageRemove('localStorage', TOKEN_KEY);

function setFlash(text) {
  storageSet('sessionStorage', FLASH_KEY, text);
}

function takeFlash() {
  const text = storageGet('sessionStorage', FLASH_KEY);
  if (text !== null) storageRemove('sessionStorage', FLASH_KEY);
  return text;
}

/* ---------------------------------------------------------------- navigation */

function go(path) {
  window.location.assign(path);
}

function goLater(path) {
  window.setTimeout(() => go(path), REDIRECT_DELAY_MS);
}

const loginPath = () => `${ui}/login`;
const accountPath = () => `${ui}/me`;

function queryParam(name) {
  return new URLSearchParams(window.location.search).get(name);
}

/* ---------------------------------------------------------------- API */

const NETWORK_ERROR = 'Could not reach the server. Check your connection and try again.';

// A promise that never settles: the page is already navigating away.
const leaving = () => new Promise(() => {});

/**
 * Calls the JSON API. Resolves to { ok, status, data }; never rejects. With `auth`, the
 * stored token goes in the Authorization header, and without one the visitor is sent to
 * sign in instead.
 */
async function request(method, path, options = {}) {
  const headers = { 'content-type': 'application/json' };
  if (options.auth) {
    const token = readToken();
    if (token === null) {
      go(loginPath());
      return leaving();
    }
    headers.authorization = `Bearer ${token}`;
  }
  let response;
  try {
    response = await fetch(api + path, {
      method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, status: 0, data: { detail: NETWORK_ERROR } };
  }
  let data = null;
  try {
    const text = await response.text();
    data = text === '' ? null : JSON.parse(text);
  } catch {
    data = null;
  }
  return { ok: response.ok, status: response.status, data };
}

/** The text to show for a failed call: the detail string, the validation messages, or `fallback`. */
function errorText(data, fallback) {
  const detail = data?.detail;
  if (typeof detail === 'string' && detail !== '') return detail;
  if (Array.isArray(detail)) {
    const messages = detail.map((issue) => issue?.msg).filter((msg) => typeof msg === 'string');
    if (messages.length > 0) return messages.join('; ');
  }
  return fallback;
}

/* ---------------------------------------------------------------- messages */

const messageEl = document.querySelector('[data-rs-message]');

/**
 * Shows `text` in the page's message area, after `near` when given (on the long account page
 * the answer appears next to the form that asked). Screen readers hear it: the area is a
 * polite live region.
 */
function showMessage(text, tone, near) {
  if (messageEl === null) return;
  if (near instanceof Element && near.nextElementSibling !== messageEl) near.after(messageEl);
  messageEl.setAttribute('data-rs-tone', tone);
  messageEl.hidden = false;
  // A fresh text node after the region is visible makes assistive tech announce repeats too.
  messageEl.textContent = '';
  window.requestAnimationFrame(() => {
    messageEl.textContent = text;
  });
}

function clearMessage() {
  if (messageEl === null) return;
  messageEl.hidden = true;
  messageEl.textContent = '';
  messageEl.removeAttribute('data-rs-tone');
}

function setStatus(element, state, text) {
  if (element === null) return;
  element.setAttribute('data-rs-status', state);
  element.textContent = text;
}

function setHeading(text) {
  const heading = document.querySelector('h1');
  if (heading !== null) heading.textContent = text;
}

/* ---------------------------------------------------------------- forms */

function form(name) {
  return document.querySelector(`form[data-rs-form="${name}"]`);
}

function values(formEl) {
  const result = {};
  for (const [key, value] of new FormData(formEl)) {
    if (typeof value === 'string') result[key] = value;
  }
  return result;
}

/**
 * Wires a form: on submit, clear the message, disable the submit button while `handler`
 * runs, and show a thrown failure as an error next to the form. `handler` gets the form's
 * string values.
 */
function onSubmit(name, handler) {
  const formEl = form(name);
  if (formEl === null) return null;
  formEl.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearMessage();
    const buttons = formEl.querySelectorAll('button[type="submit"], button:not([type])');
    for (const button of buttons) button.disabled = true;
    formEl.setAttribute('aria-busy', 'true');
    try {
      await handler(values(formEl), formEl);
    } finally {
      for (const button of buttons) button.disabled = false;
      formEl.removeAttribute('aria-busy');
    }
  });
  return formEl;
}

/* ---------------------------------------------------------------- pages */

const OAUTH_ERRORS = {
  oauth_failed: 'Sign-in with your provider did not complete. Please try again.',
  missing_code_or_state: 'The provider sent back an incomplete answer. Please try again.',
  unknown_provider: 'That sign-in provider is not available here.',
  bad_state: 'That sign-in attempt is not valid any more. Please start again.',
  state_expired: 'That sign-in attempt took too long and expired. Please start again.',
  token_exchange_failed: 'We could not confirm your sign-in with the provider. Please try again.',
  id_token_failed: 'The provider’s answer could not be verified. Please try again.',
  email_in_use:
    'An account with that email already exists. Sign in with your password, then connect the provider from your account page.',
  identity_in_use: 'That provider account is already connected to another user.',
  already_linked: 'That provider is already connected to your account.',
  user_inactive: 'This account is disabled.',
  registration_disabled: 'New sign-ups are closed, and no account matches that provider login.',
};

function loginPage() {
  const error = queryParam('error');
  if (error !== null) {
    showMessage(OAUTH_ERRORS[error] ?? `Sign-in failed (${error}).`, 'error');
  } else {
    const flash = takeFlash();
    if (flash !== null) showMessage(flash, 'success');
  }
  if (readToken() !== null) {
    go(accountPath());
    return;
  }
  onSubmit('login', async (fields, formEl) => {
    const result = await request('POST', '/login', {
      json: { email: fields.email, password: fields.password },
    });
    if (!result.ok) {
      showMessage(errorText(result.data, 'Sign-in failed. Please try again.'), 'error', formEl);
      return;
    }
    if (result.data?.status === 'mfa_required') {
      rememberMfaStep(result.data);
      go(`${ui}/mfa-confirm`);
      return leaving();
    }
    saveToken(result.data.access_token);
    go(accountPath());
    return leaving();
  });
}

/** Keeps the pending token and the methods of an `mfa_required` answer for the MFA page. */
function rememberMfaStep(data) {
  storageSet('sessionStorage', MFA_PENDING_KEY, data.mfa_pending_token);
  const methods = Array.isArray(data.methods) ? data.methods : ['sms'];
  storageSet('sessionStorage', MFA_METHODS_KEY, JSON.stringify(methods));
}

function forgetMfaStep() {
  storageRemove('sessionStorage', MFA_PENDING_KEY);
  storageRemove('sessionStorage', MFA_METHODS_KEY);
}

function storedMfaMethods() {
  try {
    const methods = JSON.parse(storageGet('sessionStorage', MFA_METHODS_KEY) ?? '["sms"]');
    return Array.isArray(methods) && methods.length > 0 ? methods : ['sms'];
  } catch {
    return ['sms'];
  }
}

const MFA_METHOD_HINTS = {
  sms: 'We sent a code by text message to the phone on your account. It is valid for a few minutes.',
  totp: 'Open your authenticator app and enter the six-digit code it shows for this account.',
  recovery_code: 'Enter one of the recovery codes you saved. Each code works once.',
};

const MFA_METHOD_LABELS = {
  sms: 'Code',
  totp: 'Code from the app',
  recovery_code: 'Recovery code',
};

/** Shapes the code field for `method`: digits for SMS and app codes, letters for recovery. */
function showMfaMethod(formEl, method) {
  const hint = document.querySelector('[data-rs-mfa-hint]');
  if (hint !== null) hint.textContent = MFA_METHOD_HINTS[method] ?? MFA_METHOD_HINTS.sms;
  const input = formEl.querySelector('[name="code"]');
  if (input === null) return;
  const label = input.id === '' ? null : formEl.querySelector(`label[for="${input.id}"]`);
  if (label !== null) label.textContent = MFA_METHOD_LABELS[method] ?? MFA_METHOD_LABELS.sms;
  if (method === 'recovery_code') {
    input.setAttribute('inputmode', 'text');
    input.setAttribute('autocomplete', 'off');
    input.removeAttribute('pattern');
    input.setAttribute('maxlength', '40');
  } else {
    input.setAttribute('inputmode', 'numeric');
    input.setAttribute('autocomplete', 'one-time-code');
    input.setAttribute('pattern', '[0-9]*');
    input.setAttribute('maxlength', '10');
  }
}

function mfaConfirmPage() {
  if (storageGet('sessionStorage', MFA_PENDING_KEY) === null) {
    go(loginPath());
    return;
  }
  const formEl = form('mfa-confirm');
  const methods = storedMfaMethods();
  // The server's default: SMS when a code was texted, else the app.
  let chosen = methods.includes('sms') ? 'sms' : methods[0];
  // The choice is added only for a user with more than one method, so the page of an
  // SMS-only user is as it always was.
  const chooser = document.querySelector('template[data-rs-mfa-methods]');
  if (chooser !== null && formEl !== null && methods.length > 1) {
    const fieldset = chooser.content.cloneNode(true);
    for (const option of fieldset.querySelectorAll('[data-rs-method]')) {
      const method = option.getAttribute('data-rs-method');
      if (!methods.includes(method)) {
        option.remove();
        continue;
      }
      const radio = option.querySelector('input[type="radio"]');
      if (radio === null) continue;
      radio.checked = method === chosen;
      radio.addEventListener('change', () => {
        if (!radio.checked) return;
        chosen = method;
        showMfaMethod(formEl, method);
      });
    }
    formEl.prepend(fieldset);
  }
  if (formEl !== null) showMfaMethod(formEl, chosen);
  onSubmit('mfa-confirm', async (fields, formEl) => {
    const pending = storageGet('sessionStorage', MFA_PENDING_KEY);
    if (pending === null) {
      go(loginPath());
      return leaving();
    }
    const json = { mfa_pending_token: pending, code: fields.code.trim() };
    // SMS is what the server assumes without a method, so SMS clients send none.
    if (chosen !== 'sms') json.method = chosen;
    const result = await request('POST', '/login/mfa-confirm', { json });
    if (!result.ok) {
      showMessage(errorText(result.data, 'That code did not work.'), 'error', formEl);
      return;
    }
    forgetMfaStep();
    saveToken(result.data.access_token);
    go(accountPath());
    return leaving();
  });
}

function registerPage() {
  if (readToken() !== null) {
    go(accountPath());
    return;
  }
  onSubmit('register', async (fields, formEl) => {
    const result = await request('POST', '/register', {
      json: { email: fields.email, full_name: fields.full_name, password: fields.password },
    });
    if (!result.ok) {
      showMessage(
        errorText(result.data, 'Registration failed. Please try again.'),
        'error',
        formEl,
      );
      return;
    }
    formEl.reset();
    if (result.data?.status === 'pending_verification') {
      showMessage(
        `Almost done: check ${result.data.email} for a verification link to activate your account.`,
        'success',
        formEl,
      );
    } else {
      showMessage('Your account is ready. You can now sign in.', 'success', formEl);
    }
  });
}

function forgotPage() {
  onSubmit('forgot', async (fields, formEl) => {
    const result = await request('POST', '/forgot-password', { json: { email: fields.email } });
    // The API answers the same for known and unknown addresses; so does the page. Only a
    // malformed request or a rate limit is worth showing.
    if (!result.ok && (result.status === 422 || result.status === 429 || result.status === 0)) {
      showMessage(
        errorText(result.data, 'Something went wrong. Please try again.'),
        'error',
        formEl,
      );
      return;
    }
    showMessage(
      'If an account exists for that email, a reset link is on its way. It is valid for a limited time.',
      'success',
      formEl,
    );
  });
}

function resetPage() {
  const token = queryParam('token');
  const formEl = form('reset');
  if (formEl === null) return;
  const tokenInput = formEl.querySelector('[data-rs-token]');
  const missing = document.querySelector('[data-rs-missing-token]');
  if (token === null || token === '') {
    if (missing !== null) missing.hidden = false;
    for (const control of formEl.elements) control.disabled = true;
    return;
  }
  if (tokenInput !== null) tokenInput.value = token;
  onSubmit('reset', async (fields) => {
    if (!fields.token) {
      showMessage('This reset link is incomplete. Request a new one.', 'error', formEl);
      return;
    }
    const result = await request('POST', '/reset-password', {
      json: { token: fields.token, new_password: fields.new_password },
    });
    if (!result.ok) {
      showMessage(errorText(result.data, 'The password could not be changed.'), 'error', formEl);
      if (result.status === 400 && missing !== null) missing.hidden = false;
      return;
    }
    clearToken();
    formEl.reset();
    showMessage('Your password has been changed. Taking you to sign in…', 'success', formEl);
    setFlash('Your password has been changed. Sign in with the new one.');
    goLater(loginPath());
    return leaving();
  });
}

/** Verify and confirm-email-change: read ?token=, POST it on load, report the outcome. */
async function tokenLinkPage(path, messages) {
  const status = document.querySelector('[data-rs-status]');
  const token = queryParam('token');
  if (token === null || token === '') {
    setHeading(messages.failedHeading);
    setStatus(status, 'error', messages.missing);
    return;
  }
  const input = document.querySelector('[data-rs-token]');
  if (input !== null) input.value = token;
  const result = await request('POST', path, { json: { token } });
  if (!result.ok) {
    setHeading(messages.failedHeading);
    setStatus(status, 'error', errorText(result.data, messages.failed));
    return;
  }
  messages.onSuccess?.();
  setHeading(messages.doneHeading);
  setStatus(status, 'success', messages.done);
}

function verifyPage() {
  return tokenLinkPage('/verify', {
    missing: 'Missing verification token.',
    failed: 'This verification link did not work.',
    failedHeading: 'We could not confirm your email',
    doneHeading: 'Email confirmed',
    done: 'Email confirmed — you can sign in.',
  });
}

function confirmEmailChangePage() {
  return tokenLinkPage('/confirm-email-change', {
    missing:
      'Missing confirmation token. Open the link from the email we sent to your new address.',
    failed: 'This confirmation link did not work.',
    failedHeading: 'We could not change your email',
    doneHeading: 'Email address changed',
    done: 'Your email address has been changed. Sign in again with your new address.',
    // The change ended every session, this tab's included.
    onSuccess: clearToken,
  });
}

async function oauthCompletePage() {
  const status = document.querySelector('[data-rs-status]');
  const id = queryParam('id');
  if (id === null || id === '') {
    setHeading('Sign-in did not complete');
    setStatus(
      status,
      'error',
      'This sign-in link is missing its id. Please start again from sign in.',
    );
    return;
  }
  const result = await request('POST', '/oauth/exchange', { json: { id } });
  if (!result.ok) {
    setHeading('Sign-in did not complete');
    // A bare 404 means the server has no OAuth routes at all, not a failed hand-off.
    const reason =
      result.status === 404 && result.data?.detail === 'Not Found'
        ? 'Signing in with an external account is not available here.'
        : sentence(errorText(result.data, 'We could not finish signing you in.'));
    setStatus(status, 'error', `${reason} Please start again from sign in.`);
    return;
  }
  if (result.data?.status === 'mfa_required') {
    rememberMfaStep(result.data);
    go(`${ui}/mfa-confirm`);
    return;
  }
  saveToken(result.data.access_token);
  go(safeRedirect(result.data.redirect_to));
}

function sentence(text) {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Only a same-origin path may be followed; anything else lands on the account page. */
function safeRedirect(target) {
  return isSameOriginPath(target) ? target : accountPath();
}

/**
 * True only for a path of this origin that starts with exactly one "/". A backslash counts as
 * a slash to browsers ("/\evil.com" leaves the site), so it is refused anywhere, as are
 * schemes ("javascript:", "https:"), protocol-relative "//", control characters and the
 * percent-encoded forms of all of these ("/%2f%2fevil.com", "/%5cevil.com"), for a server
 * or proxy that decodes before it redirects.
 */
function isSameOriginPath(target) {
  if (typeof target !== 'string' || !isSinglySlashed(target)) return false;
  // Twice-encoded forms ("%252f") too: decode until nothing changes; a target that still
  // changes after a few rounds is refused rather than decoded for ever.
  let decoded = target;
  for (let round = 0; ; round += 1) {
    let next;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return false;
    }
    if (next === decoded) break;
    if (round === 3 || !isSinglySlashed(next)) return false;
    decoded = next;
  }
  try {
    return new URL(target, window.location.origin).origin === window.location.origin;
  } catch {
    return false;
  }
}

function isSinglySlashed(path) {
  return path.startsWith('/') && !path.startsWith('//') && !hasUnsafeCharacter(path);
}

/**
 * A backslash, or a C0, DEL or C1 control character. Browsers drop tabs and newlines inside
 * a URL, so "/\t/evil.com" would be followed as "//evil.com".
 */
function hasUnsafeCharacter(path) {
  for (const char of path) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\' || code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/* ---------------------------------------------------------------- account page */

function formatDate(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });
}

function showUser(user) {
  for (const element of document.querySelectorAll('[data-rs-field]')) {
    const value = user[element.getAttribute('data-rs-field')];
    let text;
    if (typeof value === 'boolean') text = value ? 'Yes' : 'No';
    else if (value === null || value === undefined || value === '') text = '—';
    else if (element.getAttribute('data-rs-field') === 'created_at') text = formatDate(value);
    else text = String(value);
    element.textContent = text;
  }
  const nameInput = form('update-profile')?.querySelector('[name="full_name"]');
  if (nameInput) nameInput.value = user.full_name ?? '';
}

function endSession(flash) {
  clearToken();
  if (flash) setFlash(flash);
}

async function mePage() {
  if (readToken() === null) {
    go(loginPath());
    return;
  }
  const result = await request('GET', '/me', { auth: true });
  if (!result.ok) {
    if (result.status === 0) {
      showMessage(errorText(result.data, NETWORK_ERROR), 'error');
      return;
    }
    endSession('Your session has ended. Please sign in again.');
    go(loginPath());
    return;
  }
  showUser(result.data);
  body.setAttribute('data-rs-ready', '');

  onSubmit('update-profile', async (fields, formEl) => {
    const name = fields.full_name.trim();
    const saved = await request('PATCH', '/me', {
      auth: true,
      json: { full_name: name === '' ? null : name },
    });
    if (!saved.ok) {
      showMessage(errorText(saved.data, 'Your name could not be saved.'), 'error', formEl);
      return;
    }
    showUser(saved.data);
    showMessage('Your name has been saved.', 'success', formEl);
  });

  onSubmit('change-password', async (fields, formEl) => {
    const changed = await request('POST', '/change-password', {
      auth: true,
      json: { current_password: fields.current_password, new_password: fields.new_password },
    });
    if (!changed.ok) {
      showMessage(errorText(changed.data, 'The password could not be changed.'), 'error', formEl);
      return;
    }
    formEl.reset();
    endSession('Your password has been changed. Sign in with the new one.');
    showMessage(
      'Password changed. Every device has been signed out; taking you to sign in…',
      'success',
      formEl,
    );
    goLater(loginPath());
    return leaving();
  });

  onSubmit('change-email', async (fields, formEl) => {
    const sent = await request('POST', '/change-email', {
      auth: true,
      json: { new_email: fields.new_email, current_password: fields.current_password },
    });
    if (!sent.ok) {
      showMessage(errorText(sent.data, 'The email change could not be started.'), 'error', formEl);
      return;
    }
    formEl.reset();
    showMessage(
      `Confirmation sent to ${fields.new_email}. Open the link in that email to finish the change.`,
      'success',
      formEl,
    );
  });

  onSubmit('delete-account', async (fields, formEl) => {
    if (!window.confirm('Delete your account for good? This cannot be undone.')) return;
    const deleted = await request('DELETE', '/account', {
      auth: true,
      json: { current_password: fields.current_password },
    });
    if (!deleted.ok) {
      showMessage(errorText(deleted.data, 'The account could not be deleted.'), 'error', formEl);
      return;
    }
    endSession('Your account has been deleted.');
    go(loginPath());
    return leaving();
  });

  for (const button of document.querySelectorAll('[data-rs-action="logout"]')) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      // Signing out locally must work even when the server cannot be reached.
      await request('POST', '/logout', { auth: true });
      endSession('You have been signed out.');
      go(loginPath());
    });
  }

  setUpMfa(result.data);
  setUpTotp();
  setUpOauth();
  setUpSessions();
  setUpActivity();
}

/** Words for the account page; a type not listed here shows its own name. */
const ACTIVITY_LABELS = {
  'user.registered': 'Account created',
  'email.verified': 'Email address confirmed',
  'login.succeeded': 'Signed in',
  'login.failed': 'Sign-in refused',
  'login.locked': 'Sign-in refused: too many failed attempts',
  'mfa.challenge_sent': 'Second step of sign-in started',
  'mfa.succeeded': 'Second step of sign-in passed',
  'mfa.failed': 'Wrong sign-in code',
  logout: 'Signed out',
  'session.revoked': 'A device was signed out',
  'sessions.revoked_others': 'Every other device was signed out',
  'password.reset_requested': 'Password reset link sent',
  'password.reset': 'Password reset',
  'password.changed': 'Password changed',
  'email.change_requested': 'Email change requested',
  'email.changed': 'Email address changed',
  'profile.updated': 'Profile updated',
  'sms_mfa.enabled': 'Text message sign-in codes turned on',
  'sms_mfa.disabled': 'Text message sign-in codes turned off',
  'totp.enabled': 'Authenticator app turned on',
  'totp.disabled': 'Authenticator app turned off',
  'recovery_codes.regenerated': 'New recovery codes made',
  'recovery_code.used': 'A recovery code was used',
  'passkey.added': 'Passkey added',
  'passkey.removed': 'Passkey removed',
  'oauth.linked': 'Sign-in provider linked',
  'oauth.unlinked': 'Sign-in provider unlinked',
  'oauth.signed_in': 'Signed in with a provider',
};

/** "Recent security activity": the caller's latest audit events, newest first. */
async function setUpActivity() {
  const section = document.querySelector('[data-rs-activity-section]');
  if (section === null) return;
  const status = section.querySelector('[data-rs-activity-status]');
  const list = section.querySelector('[data-rs-activity-list]');
  const result = await request('GET', '/audit?limit=20', { auth: true });
  if (!result.ok) {
    if (status !== null)
      status.textContent = errorText(result.data, 'Recent activity could not be loaded.');
    return;
  }
  const events = Array.isArray(result.data?.events) ? result.data.events : [];
  if (status !== null) {
    status.textContent = events.length === 0 ? 'No activity yet.' : 'The latest first.';
  }
  if (list === null) return;
  list.replaceChildren();
  for (const event of events) {
    const row = document.createElement('li');
    row.className = 'rs-oauth-row';
    row.setAttribute('data-rs-activity', event.type);
    const label = document.createElement('span');
    label.className = 'rs-oauth-row-label';
    const by =
      event.actor_id !== null && event.actor_id !== event.user_id ? ' (by an administrator)' : '';
    label.textContent = `${ACTIVITY_LABELS[event.type] ?? event.type}${by}`;
    const meta = document.createElement('span');
    meta.className = 'rs-oauth-row-meta';
    const where = event.ip ? `${event.ip}, ` : '';
    meta.textContent = `${where}${formatDate(event.occurred_at)}`;
    row.append(label, meta);
    list.append(row);
  }
}

/** "Signed-in devices": each live session, with a revoke button on every one but this. */
async function setUpSessions() {
  const section = document.querySelector('[data-rs-sessions-section]');
  if (section === null) return;
  const status = section.querySelector('[data-rs-sessions-status]');
  const list = section.querySelector('[data-rs-sessions-list]');
  const others = section.querySelector('[data-rs-action="revoke-other-sessions"]');
  const result = await request('GET', '/sessions', { auth: true });
  if (!result.ok) {
    if (status !== null)
      status.textContent = errorText(result.data, 'Signed-in devices could not be loaded.');
    return;
  }
  const sessions = Array.isArray(result.data?.sessions) ? result.data.sessions : [];
  if (status !== null) {
    status.textContent =
      sessions.length === 1 ? 'Only this device is signed in.' : `${sessions.length} devices.`;
  }
  if (list !== null) list.replaceChildren();
  for (const session of sessions) {
    const row = document.createElement('li');
    row.className = 'rs-oauth-row';
    row.setAttribute('data-rs-session', session.id);
    const label = document.createElement('span');
    label.className = 'rs-oauth-row-label';
    label.textContent = session.user_agent || 'Unknown device';
    const meta = document.createElement('span');
    meta.className = 'rs-oauth-row-meta';
    const where = session.ip ? `${session.ip}, ` : '';
    meta.textContent = `${where}${session.method}, signed in ${formatDate(session.created_at)}`;
    row.append(label, meta);
    if (session.current) {
      const here = document.createElement('span');
      here.className = 'rs-oauth-row-meta';
      here.textContent = 'This device';
      row.append(here);
    } else {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'rs-btn rs-btn-ghost rs-btn-small';
      button.textContent = 'Revoke';
      button.addEventListener('click', async () => {
        button.disabled = true;
        const removed = await request('DELETE', `/sessions/${encodeURIComponent(session.id)}`, {
          auth: true,
        });
        button.disabled = false;
        if (!removed.ok) {
          showMessage(
            errorText(removed.data, 'That device could not be signed out.'),
            'error',
            list,
          );
          return;
        }
        showMessage('That device has been signed out.', 'success', list);
        await setUpSessions();
      });
      row.append(button);
    }
    list?.append(row);
  }
  if (others !== null) {
    others.hidden = sessions.length < 2;
    others.onclick = async () => {
      others.disabled = true;
      const done = await request('POST', '/sessions/revoke-others', { auth: true });
      others.disabled = false;
      if (!done.ok) {
        showMessage(
          errorText(done.data, 'The other devices could not be signed out.'),
          'error',
          list,
        );
        return;
      }
      showMessage('Every other device has been signed out.', 'success', list);
      await setUpSessions();
    };
  }
}

function setUpMfa(user) {
  const section = document.querySelector('[data-rs-mfa-section]');
  if (section === null) return;
  const status = section.querySelector('[data-rs-mfa-status]');
  const enableBlock = section.querySelector('[data-rs-mfa-enable]');
  const disableBlock = section.querySelector('[data-rs-mfa-disable]');
  const enabled = user.is_mfa_enabled === true && typeof user.phone_number === 'string';
  if (status !== null) {
    status.textContent = enabled
      ? `On. Sign-in codes are sent to ${user.phone_number}.`
      : 'Off. Add a mobile number to get a code by text message each time you sign in.';
  }
  if (enableBlock !== null) enableBlock.hidden = enabled;
  if (disableBlock !== null) disableBlock.hidden = !enabled;

  let pendingToken = null;
  const confirmForm = form('phone-setup-confirm');

  onSubmit('phone-setup-start', async (fields, formEl) => {
    const started = await request('POST', '/phone/start', {
      auth: true,
      json: { phone_number: fields.phone_number.trim(), current_password: fields.current_password },
    });
    if (!started.ok) {
      showMessage(errorText(started.data, 'The code could not be sent.'), 'error', formEl);
      return;
    }
    pendingToken = started.data.pending_token;
    if (confirmForm !== null) {
      confirmForm.hidden = false;
      confirmForm.querySelector('[name="code"]')?.focus();
    }
    showMessage(
      `We sent a code to ${fields.phone_number.trim()}. Enter it below.`,
      'success',
      formEl,
    );
  });

  onSubmit('phone-setup-confirm', async (fields, formEl) => {
    if (pendingToken === null) {
      showMessage('Ask for a code first.', 'error', formEl);
      return;
    }
    // The pending token proves who asked; this call needs no session header.
    const confirmed = await request('POST', '/phone/confirm', {
      json: { pending_token: pendingToken, code: fields.code.trim() },
    });
    if (!confirmed.ok) {
      showMessage(errorText(confirmed.data, 'That code did not work.'), 'error', formEl);
      return;
    }
    if (Array.isArray(confirmed.data?.recovery_codes)) {
      // The codes are shown once: stay on the page so they can be saved.
      showRecoveryCodes(confirmed.data.recovery_codes);
      showMessage('Two-factor sign-in is on. Save your recovery codes below.', 'success', formEl);
      return;
    }
    showMessage('Two-factor sign-in is on.', 'success', formEl);
    window.setTimeout(() => window.location.reload(), REDIRECT_DELAY_MS);
    return leaving();
  });

  onSubmit('mfa-disable', async (fields, formEl) => {
    const disabled = await request('DELETE', '/phone', {
      auth: true,
      json: { current_password: fields.current_password },
    });
    if (!disabled.ok) {
      showMessage(
        errorText(disabled.data, 'Two-factor sign-in could not be turned off.'),
        'error',
        formEl,
      );
      return;
    }
    showMessage('Two-factor sign-in is off.', 'success', formEl);
    window.setTimeout(() => window.location.reload(), REDIRECT_DELAY_MS);
    return leaving();
  });
}

/** "Authenticator app": enrol with the QR code or the key, confirm with a code, turn off. */
async function setUpTotp() {
  const section = document.querySelector('[data-rs-totp-section]');
  if (section === null) return;
  const status = section.querySelector('[data-rs-totp-status]');
  const enableBlock = section.querySelector('[data-rs-totp-enable]');
  const setupBlock = section.querySelector('[data-rs-totp-setup]');
  const disableBlock = section.querySelector('[data-rs-totp-disable]');
  const state = await request('GET', '/totp', { auth: true });
  if (!state.ok) {
    if (status !== null) {
      status.textContent = errorText(
        state.data,
        'The authenticator app status could not be loaded.',
      );
    }
    return;
  }
  const showState = (enabled) => {
    if (status !== null) {
      status.textContent = enabled
        ? 'On. Sign-in asks for a code from your authenticator app.'
        : 'Off. Use an authenticator app to get a sign-in code without a text message.';
    }
    if (enableBlock !== null) enableBlock.hidden = enabled;
    if (disableBlock !== null) disableBlock.hidden = !enabled;
  };
  showState(state.data?.enabled === true);
  setUpRecoveryCodes();

  onSubmit('totp-start', async (_fields, formEl) => {
    const started = await request('POST', '/totp/start', { auth: true });
    if (!started.ok) {
      showMessage(errorText(started.data, 'The set-up could not start.'), 'error', formEl);
      return;
    }
    const qr = section.querySelector('[data-rs-totp-qr]');
    // The server renders the QR code as SVG; an image keeps it out of the page's markup.
    if (qr !== null) {
      qr.setAttribute(
        'src',
        `data:image/svg+xml;charset=utf-8,${encodeURIComponent(started.data.qr_svg)}`,
      );
    }
    const secret = section.querySelector('[data-rs-totp-secret]');
    if (secret !== null) secret.textContent = started.data.secret;
    if (setupBlock !== null) setupBlock.hidden = false;
    formEl.hidden = true;
    section.querySelector('#rs-totp-code')?.focus();
  });

  onSubmit('totp-confirm', async (fields, formEl) => {
    const confirmed = await request('POST', '/totp/confirm', {
      auth: true,
      json: { code: fields.code.trim() },
    });
    if (!confirmed.ok) {
      showMessage(errorText(confirmed.data, 'That code did not work.'), 'error', formEl);
      return;
    }
    if (setupBlock !== null) setupBlock.hidden = true;
    showState(true);
    if (Array.isArray(confirmed.data?.recovery_codes)) {
      showRecoveryCodes(confirmed.data.recovery_codes);
      showMessage('The authenticator app is on. Save your recovery codes.', 'success', status);
      return;
    }
    showMessage('The authenticator app is on.', 'success', status);
  });

  onSubmit('totp-disable', async (fields, formEl) => {
    const disabled = await request('POST', '/totp/disable', {
      auth: true,
      json: { current_password: fields.current_password },
    });
    if (!disabled.ok) {
      showMessage(
        errorText(disabled.data, 'The authenticator app could not be turned off.'),
        'error',
        formEl,
      );
      return;
    }
    showMessage('The authenticator app is off.', 'success', formEl);
    window.setTimeout(() => window.location.reload(), REDIRECT_DELAY_MS);
    return leaving();
  });
}

/** "Recovery codes": how many are left, and a fresh set on request, shown once. */
async function setUpRecoveryCodes() {
  const section = document.querySelector('[data-rs-recovery-section]');
  if (section === null) return;
  const status = section.querySelector('[data-rs-recovery-status]');
  const left = await request('GET', '/recovery-codes', { auth: true });
  if (left.ok && typeof left.data?.remaining === 'number') {
    showRecoveryStatus(left.data.remaining);
  } else if (status !== null) {
    status.textContent = errorText(left.data, 'The recovery codes could not be counted.');
  }

  onSubmit('recovery-regenerate', async (fields, formEl) => {
    const fresh = await request('POST', '/recovery-codes/regenerate', {
      auth: true,
      json: { current_password: fields.current_password },
    });
    if (!fresh.ok) {
      showMessage(errorText(fresh.data, 'New recovery codes could not be made.'), 'error', formEl);
      return;
    }
    formEl.reset();
    showRecoveryCodes(fresh.data.recovery_codes);
    showMessage('New recovery codes are ready; the old ones no longer work.', 'success', formEl);
  });
}

function showRecoveryStatus(remaining) {
  const section = document.querySelector('[data-rs-recovery-section]');
  if (section === null) return;
  const status = section.querySelector('[data-rs-recovery-status]');
  // Codes exist only beside a second factor; without one there is nothing to show.
  section.hidden = remaining === 0 && section.querySelector('[data-rs-recovery-new]')?.hidden;
  if (status !== null) {
    status.textContent =
      remaining === 1 ? '1 unused recovery code left.' : `${remaining} unused recovery codes left.`;
  }
}

function showRecoveryCodes(codes) {
  const section = document.querySelector('[data-rs-recovery-section]');
  if (section === null) return;
  const list = section.querySelector('[data-rs-recovery-codes]');
  if (list !== null) {
    list.replaceChildren(
      ...codes.map((code) => {
        const item = document.createElement('li');
        item.textContent = code;
        return item;
      }),
    );
  }
  const fresh = section.querySelector('[data-rs-recovery-new]');
  if (fresh !== null) fresh.hidden = false;
  section.open = true;
  showRecoveryStatus(codes.length);
}

function capitalise(name) {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

async function setUpOauth() {
  const section = document.querySelector('[data-rs-oauth-section]');
  if (section === null) return;
  const status = section.querySelector('[data-rs-oauth-status]');
  const list = section.querySelector('[data-rs-oauth-list]');
  const result = await request('GET', '/oauth/providers', { auth: true });
  if (!result.ok) {
    if (status !== null)
      status.textContent = errorText(result.data, 'Connected accounts could not be loaded.');
    return;
  }
  const available = Array.isArray(result.data?.available) ? result.data.available : [];
  const linked = Array.isArray(result.data?.linked) ? result.data.linked : [];
  const names = Array.isArray(result.data?.providers) ? result.data.providers : [];
  const labelOf = (provider) =>
    names.find((entry) => entry.name === provider)?.display_name ?? capitalise(provider);
  if (list !== null) list.replaceChildren();
  for (const provider of available) {
    const link = linked.find((entry) => entry.provider === provider);
    const row = document.createElement('li');
    row.className = 'rs-oauth-row';
    const label = document.createElement('span');
    label.className = 'rs-oauth-row-label';
    label.textContent = labelOf(provider);
    const meta = document.createElement('span');
    meta.className = 'rs-oauth-row-meta';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'rs-btn rs-btn-ghost rs-btn-small';
    if (link) {
      const who = link.email ? `${link.email}, ` : '';
      meta.textContent = `${who}linked ${formatDate(link.linked_at)}`;
      button.textContent = 'Unlink';
      button.addEventListener('click', async () => {
        if (!window.confirm(`Disconnect ${labelOf(provider)} from your account?`)) return;
        button.disabled = true;
        const removed = await request('DELETE', `/oauth/${encodeURIComponent(provider)}/link`, {
          auth: true,
        });
        button.disabled = false;
        if (!removed.ok) {
          showMessage(
            errorText(removed.data, 'That account could not be disconnected.'),
            'error',
            list,
          );
          return;
        }
        showMessage(`${labelOf(provider)} disconnected.`, 'success', list);
        await setUpOauth();
      });
    } else {
      meta.textContent = 'Not connected';
      button.textContent = 'Connect';
      button.addEventListener('click', async () => {
        button.disabled = true;
        const started = await request('POST', `/oauth/${encodeURIComponent(provider)}/link/start`, {
          auth: true,
        });
        if (!started.ok || typeof started.data?.authorization_url !== 'string') {
          button.disabled = false;
          showMessage(errorText(started.data, 'Connecting that account failed.'), 'error', list);
          return;
        }
        go(started.data.authorization_url);
      });
    }
    row.append(label, meta, button);
    list?.append(row);
  }
  if (status !== null) {
    status.textContent =
      linked.length === 0
        ? 'No external accounts linked yet.'
        : 'Sign in with any of the accounts linked below.';
  }
}

/* ---------------------------------------------------------------- start */

const PAGES = {
  login: loginPage,
  register: registerPage,
  verify: verifyPage,
  forgot: forgotPage,
  reset: resetPage,
  me: mePage,
  'confirm-email-change': confirmEmailChangePage,
  'mfa-confirm': mfaConfirmPage,
  'oauth-complete': oauthCompletePage,
};

if (Object.hasOwn(PAGES, pageId)) PAGES[pageId]();
