import { z } from 'zod';
import {
  anyPasswordField,
  codePointString,
  emailField,
  fullNameField,
  passwordField,
  tokenField,
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

export interface MfaConfirmRequest {
  mfa_pending_token: string;
  code: string;
}
export const mfaConfirmBody: z.ZodType<MfaConfirmRequest> = z.strictObject({
  mfa_pending_token: tokenField,
  code: codePointString({ min: 4, max: 10 }),
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
