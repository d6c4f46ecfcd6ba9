/**
 * Helpers for hosts testing code that embeds regstack: a controllable clock and
 * in-memory capture of the email and SMS regstack sends.
 *
 * @example
 * const clock = createFakeClock();
 * const mail = createCapturingEmailTransport();
 * const rs = await createRegstack({ overrides, clock, emailTransport: mail });
 */

export type { FakeClock } from '../clock/fake-clock.js';
export { createFakeClock, FAKE_CLOCK_START } from '../clock/fake-clock.js';
export type { ConsoleEmailTransport as CapturingEmailTransport } from '../delivery/email/console-transport.js';
export { createConsoleEmailTransport as createCapturingEmailTransport } from '../delivery/email/console-transport.js';
export type { NullSmsTransport as CapturingSmsTransport } from '../delivery/sms/null-transport.js';
export { createNullSmsTransport as createCapturingSmsTransport } from '../delivery/sms/null-transport.js';
