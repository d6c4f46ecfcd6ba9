import { z } from 'zod';

/* Response bodies (spec §3.2 and §6.3), for the OpenAPI document. */

export const publicUserResponse: z.ZodType = z.object({
  _id: z.string(),
  email: z.string(),
  is_active: z.boolean(),
  is_verified: z.boolean(),
  is_superuser: z.boolean(),
  full_name: z.string().nullable(),
  phone_number: z.string().nullable(),
  is_mfa_enabled: z.boolean(),
  created_at: z.string(),
  last_login: z.string().nullable(),
});

export const tokenResponse: z.ZodType = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.number().int(),
});

export const messageResponse: z.ZodType = z.object({ message: z.string() });

export const pendingResponse: z.ZodType = z.object({
  status: z.literal('pending_verification'),
  email: z.string(),
  expires_at: z.string(),
});

const secondFactorMethod = z.enum(['sms', 'totp', 'passkey', 'recovery_code']);

export const mfaPendingResponse: z.ZodType = z.object({
  status: z.literal('mfa_required'),
  mfa_pending_token: z.string(),
  expires_in: z.number().int(),
  delivery: z.enum(['sms', 'totp', 'passkey']),
  methods: z.array(secondFactorMethod),
});

/** WebAuthn options as `PublicKeyCredential.parse*OptionsFromJSON()` takes them. */
export const passkeyOptionsResponse: z.ZodType = z.object({
  challenge_id: z.string(),
  options: z.record(z.string(), z.unknown()),
});

const passkeyFields = {
  id: z.string(),
  name: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  backed_up: z.boolean(),
  device_type: z.enum(['singleDevice', 'multiDevice']),
};

export const passkeyResponse: z.ZodType = z.object(passkeyFields);

export const passkeyRegisteredResponse: z.ZodType = z.object({
  ...passkeyFields,
  recovery_codes: z.array(z.string()).optional(),
});

export const passkeyListResponse: z.ZodType = z.object({
  passkeys: z.array(z.object(passkeyFields)),
});

export const totpStartResponse: z.ZodType = z.object({
  secret: z.string(),
  otpauth_uri: z.string(),
  qr_svg: z.string(),
});

export const totpStatusResponse: z.ZodType = z.object({
  enabled: z.boolean(),
});

export const totpConfirmResponse: z.ZodType = z.object({
  message: z.string(),
  recovery_codes: z.array(z.string()).optional(),
});

export const recoveryCodesRemainingResponse: z.ZodType = z.object({
  remaining: z.number().int(),
});

export const recoveryCodesResponse: z.ZodType = z.object({
  recovery_codes: z.array(z.string()),
});

export const registerResponse: z.ZodType = z.union([publicUserResponse, pendingResponse]);
export const loginResponse: z.ZodType = z.union([tokenResponse, mfaPendingResponse]);

export const phoneStartResponse: z.ZodType = z.object({
  status: z.literal('code_sent'),
  pending_token: z.string(),
  expires_in: z.number().int(),
});

/** The user, plus the recovery codes when this enrolment was the first second factor. */
export const phoneConfirmResponse: z.ZodType = z
  .object({ recovery_codes: z.array(z.string()).optional() })
  .and(publicUserResponse);

export const adminStatsResponse: z.ZodType = z.object({
  total_users: z.number().int(),
  active_users: z.number().int(),
  verified_users: z.number().int(),
  superusers: z.number().int(),
  pending_registrations: z.number().int(),
});

export const adminUserListResponse: z.ZodType = z.object({
  items: z.array(publicUserResponse),
  total: z.number().int(),
  skip: z.number().int(),
  limit: z.number().int(),
});

export const sessionListResponse: z.ZodType = z.object({
  sessions: z.array(
    z.object({
      id: z.string(),
      created_at: z.string(),
      user_agent: z.string().nullable(),
      ip: z.string().nullable(),
      method: z.string(),
      current: z.boolean(),
    }),
  ),
});
