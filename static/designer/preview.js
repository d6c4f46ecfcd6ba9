// Runs inside the designer's preview frame instead of the pages' own script: there is no
// API behind the preview, so this fills in sample content and keeps links in the preview.
const params = new URLSearchParams(window.location.search);
const token = params.get('token') ?? '';

for (const link of document.querySelectorAll('a[href^="/preview/"]')) {
  const url = new URL(link.getAttribute('href'), window.location.origin);
  url.searchParams.set('token', token);
  link.setAttribute('href', `${url.pathname}${url.search}`);
}
for (const form of document.querySelectorAll('form')) {
  form.addEventListener('submit', (event) => event.preventDefault());
}

const page = document.documentElement.dataset.rsPage;
if (page === 'me') {
  const sample = {
    email: 'ada@example.com',
    full_name: 'Ada Lovelace',
    is_verified: 'Yes',
    created_at: '10 December 2025',
  };
  for (const [name, value] of Object.entries(sample)) {
    const el = document.querySelector(`[data-rs-field="${name}"]`);
    if (el) el.textContent = value;
  }
}
if (params.get('state') === 'error') {
  const message = document.querySelector('[data-rs-message]');
  if (message) {
    message.dataset.rsTone = 'error';
    message.textContent = 'Invalid email or password.';
    message.hidden = false;
  }
}
