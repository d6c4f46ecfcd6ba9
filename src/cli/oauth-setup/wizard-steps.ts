/*
 * The twelve steps of the Google OAuth setup wizard and their checks (spec §12.5.2). The
 * same checks run for the web wizard's step validator, its write, and `--print-only`.
 */

export const NUM_STEPS = 12;
const REVIEW_STEP = 10;
const CLIENT_ID = /^[\w.-]+\.apps\.googleusercontent\.com$/;

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface StepResult {
  readonly ok: boolean;
  readonly errors: FieldError[];
  readonly jump_to?: number;
}

/** The wizard's state as the page posts it: any JSON object. */
export type WizardState = Readonly<Record<string, unknown>>;

function text(state: WizardState, name: string): string {
  const value = state[name];
  return typeof value === 'string' ? value.trim() : '';
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === 1;
}

function checkBaseUrl(state: WizardState): FieldError[] {
  const value = text(state, 'base_url');
  if (value === '') return [{ field: 'base_url', message: 'Base URL is required.' }];
  if (!/^https?:\/\//i.test(value)) {
    return [{ field: 'base_url', message: 'URL must start with http:// or https://.' }];
  }
  const host = URL.canParse(value) ? new URL(value).host : '';
  return host === '' ? [{ field: 'base_url', message: 'URL is missing a host.' }] : [];
}

function checkCredentials(state: WizardState): FieldError[] {
  const errors: FieldError[] = [];
  const clientId = text(state, 'client_id');
  if (clientId === '') errors.push({ field: 'client_id', message: 'Client ID is required.' });
  else if (!CLIENT_ID.test(clientId)) {
    errors.push({
      field: 'client_id',
      message: 'Client ID must end with .apps.googleusercontent.com.',
    });
  }
  const secret = text(state, 'client_secret');
  if (secret === '') errors.push({ field: 'client_secret', message: 'Client secret is required.' });
  else if ([...secret].length < 8 || [...secret].length > 128) {
    errors.push({
      field: 'client_secret',
      message: 'Client secret length must be 8 to 128 characters.',
    });
  }
  return errors;
}

function checkFlag(state: WizardState, name: string): FieldError[] {
  const value = state[name];
  return value === undefined || value === null || typeof value === 'boolean'
    ? []
    : [{ field: name, message: 'Must be true or false.' }];
}

const CHECKS: ReadonlyArray<(state: WizardState) => FieldError[]> = [
  () => [],
  (state) =>
    truthy(state.existing_oauth) && !truthy(state.replace_existing)
      ? [
          {
            field: 'replace_existing',
            message: 'Confirm you want to replace the existing OAuth configuration.',
          },
        ]
      : [],
  checkBaseUrl,
  () => [],
  () => [],
  () => [],
  () => [],
  checkCredentials,
  (state) => checkFlag(state, 'auto_link_verified_emails'),
  (state) => checkFlag(state, 'enforce_mfa_on_oauth_signin'),
];

/** Every step before the review; the first failing one, with `jump_to`. */
export function validateAll(state: WizardState): StepResult {
  for (let step = 0; step < REVIEW_STEP; step += 1) {
    const errors = CHECKS[step]?.(state) ?? [];
    if (errors.length > 0) return { ok: false, errors, jump_to: step };
  }
  return { ok: true, errors: [] };
}

/** One step's check; 10 and 11 check everything. Unknown steps fail on `_form`. */
export function validateStep(step: unknown, state: WizardState): StepResult {
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step >= NUM_STEPS) {
    const repr = typeof step === 'string' ? `'${step}'` : String(step);
    return { ok: false, errors: [{ field: '_form', message: `Unknown wizard step: ${repr}.` }] };
  }
  if (step >= REVIEW_STEP) return validateAll(state);
  const errors = CHECKS[step]?.(state) ?? [];
  return { ok: errors.length === 0, errors };
}

/** `{base_url}{api_prefix}/oauth/google/callback`, trailing slashes stripped. */
export function googleRedirectUri(baseUrl: string, apiPrefix: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${apiPrefix.replace(/\/+$/, '')}/oauth/google/callback`;
}
