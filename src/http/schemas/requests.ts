import { z } from 'zod';
import {
  anyPasswordField,
  codePointString,
  emailField,
  exactlyOneIssue,
  forbiddenIssue,
  fullNameField,
  missingIssue,
  passwordField,
  queryIntField,
  tokenField,
  tooLongIssue,
} from '../fields.js';

/*
 * Request bodies of the JSON API (spec §6). Every object is strict: unknown keys are a 422.
 * Each schema is typed by the interface it produces, which is what the routes read.
 */

export interface RegisterRequest {
  email: string;
  password: string;
  full_name?: string | null | undefined;
}
export const registerBody: z.ZodType<RegisterRequest> = z.strictObject({
  email: emailField,
  password: passwordField,
  full_name: fullNameField.optional(),
});

export interface TokenRequest {
  token: string;
}
export const tokenBody: z.ZodType<TokenRequest> = z.strictObject({ token: tokenField });

export interface EmailRequest {
  email: string;
}
export const emailBody: z.ZodType<EmailRequest> = z.strictObject({ email: emailField });

export interface LoginRequest {
  email: string;
  password: string;
}
export const loginBody: z.ZodType<LoginRequest> = z.strictObject({
  email: emailField,
  password: passwordField,
});

/*
 * WebAuthn responses as browsers serialise them (`PublicKeyCredential.toJSON()`): binary
 * fields are base64url text. Lengths are bounded well above real authenticators' output;
 * the library decodes and checks the content.
 */
const base64UrlField = (max: number): z.ZodString =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, 'Input should be base64url text');
const challengeIdField = z.string().min(1).max(64);
const credentialCommon = {
  id: base64UrlField(1400),
  rawId: base64UrlField(1400),
  type: z.literal('public-key'),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).optional(),
};

export interface AssertionCredentialJson {
  id: string;
  rawId: string;
  type: 'public-key';
  authenticatorAttachment?: 'platform' | 'cross-platform' | undefined;
  clientExtensionResults?: Record<string, unknown> | undefined;
  response: {
    clientDataJSON: string;
    authenticatorData: string;
    signature: string;
    userHandle?: string | undefined;
  };
}
const assertionCredentialField: z.ZodType<AssertionCredentialJson> = z.object({
  ...credentialCommon,
  response: z.object({
    clientDataJSON: base64UrlField(8192),
    authenticatorData: base64UrlField(8192),
    signature: base64UrlField(2048),
    userHandle: z.string().max(128).optional(),
  }),
});

export interface RegistrationCredentialJson {
  id: string;
  rawId: string;
  type: 'public-key';
  authenticatorAttachment?: 'platform' | 'cross-platform' | undefined;
  clientExtensionResults?: Record<string, unknown> | undefined;
  response: {
    clientDataJSON: string;
    attestationObject: string;
    transports?: string[] | undefined;
  };
}
const registrationCredentialField: z.ZodType<RegistrationCredentialJson> = z.object({
  ...credentialCommon,
  response: z.object({
    clientDataJSON: base64UrlField(8192),
    attestationObject: base64UrlField(32768),
    transports: z.array(z.string().min(1).max(32)).max(8).optional(),
  }),
});

const passkeyNameField = codePointString({ min: 1, max: 64 });

export interface MfaConfirmRequest {
  mfa_pending_token: string;
  /** Required for every method but `passkey`. */
  code?: string | undefined;
  method?: 'sms' | 'totp' | 'passkey' | 'recovery_code' | undefined;
  challenge_id?: string | undefined;
  credential?: AssertionCredentialJson | undefined;
}
const RECOVERY_CODE_INPUT_MAX = 64;

/** SMS and app codes are 4–10 characters; a recovery code, typed with its dashes, is longer. */
export const mfaConfirmBody: z.ZodType<MfaConfirmRequest> = z
  .strictObject({
    mfa_pending_token: tokenField,
    code: codePointString({ min: 4, max: RECOVERY_CODE_INPUT_MAX }).optional(),
    method: z.enum(['sms', 'totp', 'passkey', 'recovery_code']).optional(),
    challenge_id: challengeIdField.optional(),
    credential: assertionCredentialField.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.method === 'passkey') {
      // A passkey answers with a signed assertion, never with a code.
      if (body.code !== undefined) ctx.addIssue(forbiddenIssue(['code']));
      if (body.challenge_id === undefined) ctx.addIssue(missingIssue(['challenge_id']));
      if (body.credential === undefined) ctx.addIssue(missingIssue(['credential']));
      return;
    }
    if (body.challenge_id !== undefined) ctx.addIssue(forbiddenIssue(['challenge_id']));
    if (body.credential !== undefined) ctx.addIssue(forbiddenIssue(['credential']));
    if (body.code === undefined) ctx.addIssue(missingIssue(['code']));
    else if (body.method !== 'recovery_code' && [...body.code].length > 10) {
      ctx.addIssue(tooLongIssue(['code'], 10));
    }
  });

export interface PasskeyRegisterFinishRequest {
  challenge_id: string;
  credential: RegistrationCredentialJson;
  name?: string | undefined;
}
export const passkeyRegisterFinishBody: z.ZodType<PasskeyRegisterFinishRequest> = z.strictObject({
  challenge_id: challengeIdField,
  credential: registrationCredentialField,
  name: passkeyNameField.optional(),
});

export interface PasskeyLoginFinishRequest {
  challenge_id: string;
  credential: AssertionCredentialJson;
}
export const passkeyLoginFinishBody: z.ZodType<PasskeyLoginFinishRequest> = z.strictObject({
  challenge_id: challengeIdField,
  credential: assertionCredentialField,
});

export interface PasskeyRenameRequest {
  name: string;
}
export const passkeyRenameBody: z.ZodType<PasskeyRenameRequest> = z.strictObject({
  name: passkeyNameField,
});

export interface MfaPasskeyStartRequest {
  mfa_pending_token: string;
}
export const mfaPasskeyStartBody: z.ZodType<MfaPasskeyStartRequest> = z.strictObject({
  mfa_pending_token: tokenField,
});

export interface PasskeyPath {
  passkey_id: string;
}
export const passkeyPath: z.ZodType<PasskeyPath> = z.object({ passkey_id: z.string() });

export interface TotpCodeRequest {
  code: string;
}
export const totpCodeBody: z.ZodType<TotpCodeRequest> = z.strictObject({
  code: codePointString({ min: 4, max: 10 }),
});

export interface TotpDisableRequest {
  current_password?: string | undefined;
  code?: string | undefined;
}
/** Exactly one proof: the current password or a fresh code from the app. */
export const totpDisableBody: z.ZodType<TotpDisableRequest> = z
  .strictObject({
    current_password: anyPasswordField.optional(),
    code: codePointString({ min: 4, max: 10 }).optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.current_password === undefined) === (body.code === undefined)) {
      ctx.addIssue(exactlyOneIssue(['current_password'], 'current_password', 'code'));
    }
  });

export interface PatchMeRequest {
  full_name?: string | null | undefined;
}
export const patchMeBody: z.ZodType<PatchMeRequest> = z.strictObject({
  full_name: fullNameField.optional(),
});

export interface ResetPasswordRequest {
  token: string;
  new_password: string;
}
export const resetPasswordBody: z.ZodType<ResetPasswordRequest> = z.strictObject({
  token: tokenField,
  new_password: passwordField,
});

export interface CurrentPasswordRequest {
  current_password: string;
}
export const currentPasswordBody: z.ZodType<CurrentPasswordRequest> = z.strictObject({
  current_password: anyPasswordField,
});

export interface ChangePasswordRequest {
  current_password: string;
  new_password: string;
}
export const changePasswordBody: z.ZodType<ChangePasswordRequest> = z.strictObject({
  current_password: anyPasswordField,
  new_password: passwordField,
});

export interface ChangeEmailRequest {
  new_email: string;
  current_password: string;
}
export const changeEmailBody: z.ZodType<ChangeEmailRequest> = z.strictObject({
  new_email: emailField,
  current_password: anyPasswordField,
});

export interface PhoneStartRequest {
  phone_number: string;
  current_password: string;
}
/** The E.164 format is a route check (400, spec §6.18), not a schema rule; only length is. */
export const phoneStartBody: z.ZodType<PhoneStartRequest> = z.strictObject({
  phone_number: codePointString({ min: 4, max: 20 }),
  current_password: anyPasswordField,
});

export interface PhoneConfirmRequest {
  pending_token: string;
  code: string;
}
export const phoneConfirmBody: z.ZodType<PhoneConfirmRequest> = z.strictObject({
  pending_token: tokenField,
  code: codePointString({ min: 4, max: 10 }),
});

export interface AdminUserListQuery {
  skip: number;
  limit: number;
  after?: string | undefined;
}
/**
 * `GET /admin/users` (spec §6.21): unknown query parameters are ignored, as FastAPI does.
 * `after` (not in the spec) is keyset paging: the id of the last user of the previous page.
 */
export const adminUserListQuery: z.ZodType<AdminUserListQuery> = z.object({
  skip: queryIntField({ min: 0, default: 0 }),
  limit: queryIntField({ min: 1, max: 200, default: 50 }),
  after: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .describe(
      'Keyset paging: the id of the last user of the previous page. The page starts just ' +
        'after that user, and its cost does not grow with how deep into the list it is ' +
        '(`skip` does); `skip` then counts from there. An id no user has answers 404.',
    ),
});

export interface AdminUserPath {
  user_id: string;
}
/** Any string is accepted: an id no backend could have assigned is simply not found. */
export const adminUserPath: z.ZodType<AdminUserPath> = z.object({ user_id: z.string() });

export interface AdminUserPatchRequest {
  is_active?: boolean | null | undefined;
  is_superuser?: boolean | null | undefined;
  full_name?: string | null | undefined;
}
/** Decision 27: null or omitted means "leave unchanged", so `full_name` cannot be cleared here. */
export const adminUserPatchBody: z.ZodType<AdminUserPatchRequest> = z.strictObject({
  is_active: z.boolean().nullable().optional(),
  is_superuser: z.boolean().nullable().optional(),
  full_name: fullNameField.optional(),
});

export interface SessionPath {
  session_id: string;
}

export const sessionPath: z.ZodType<SessionPath> = z.object({ session_id: z.string() });

export interface AdminSessionPath {
  user_id: string;
  session_id: string;
}

export const adminSessionPath: z.ZodType<AdminSessionPath> = z.object({
  user_id: z.string(),
  session_id: z.string(),
});
