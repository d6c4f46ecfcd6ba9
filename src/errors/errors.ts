import { ERROR_CATALOGUE, type ErrorCode } from './catalogue.js';

export interface RegstackErrorOptions {
  /** Replaces the catalogue's detail (for details that carry a value, such as a count). */
  readonly detail?: string | undefined;
  /** Seconds for a `Retry-After` header. */
  readonly retryAfter?: number | undefined;
  readonly cause?: unknown;
}

/** An error that ends a request; its code maps to a status and `detail` in one catalogue. */
export class RegstackError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string;
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, options: RegstackErrorOptions = {}) {
    const entry = ERROR_CATALOGUE[code];
    const detail = options.detail ?? entry.detail;
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RegstackError';
    this.code = code;
    this.status = entry.status;
    this.detail = detail;
    this.retryAfter = options.retryAfter;
  }
}

/** Host misuse or invalid configuration, raised at construction. The message names what to fix. */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** A user (or pending row) with that email already exists. */
export class DuplicateEmailError extends Error {
  constructor(email: string, options?: { cause?: unknown }) {
    super(`An account with email ${email} already exists.`, options);
    this.name = 'DuplicateEmailError';
  }
}

/** An OAuth identity is already linked (same provider subject, or same user and provider). */
export class OAuthIdentityAlreadyLinkedError extends Error {
  constructor(provider: string, options?: { cause?: unknown }) {
    super(`An identity for provider ${provider} is already linked.`, options);
    this.name = 'OAuthIdentityAlreadyLinkedError';
  }
}

/** A passkey's credential id is already registered (to this user or another). */
export class PasskeyAlreadyRegisteredError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('This passkey is already registered.', options);
    this.name = 'PasskeyAlreadyRegisteredError';
  }
}

/** The database schema cannot be used: newer than this version, or half-migrated. */
export class SchemaError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SchemaError';
  }
}

/** The storage backend failed to connect or answer. The message never holds a password. */
export class StorageUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageUnavailableError';
  }
}

/** Base of the OAuth provider errors (spec §7.1); the callback maps each to a redirect code. */
export class OAuthError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OAuthError';
  }
}

/** An OAuth provider that is not configured, or a provider built from bad settings. */
export class OAuthConfigError extends OAuthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OAuthConfigError';
  }
}

/** The provider's token endpoint failed, timed out or answered something unusable. */
export class OAuthTokenExchangeError extends OAuthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OAuthTokenExchangeError';
  }
}

/** An ID token (or the user data standing in for one) failed a check. */
export class OAuthIdTokenError extends OAuthError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OAuthIdTokenError';
  }
}
