import { spawn } from 'node:child_process';

/** The platform's command that opens a URL in the user's browser, if it has one. */
function opener(): { command: string; args: string[] } | null {
  if (process.platform === 'darwin') return { command: 'open', args: [] };
  if (process.platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return { command: 'xdg-open', args: [] };
  return null;
}

/**
 * Opens `url` in a browser when the platform can, and never fails: the URL has been
 * printed, so a headless machine or a missing opener costs nothing.
 */
export function openBrowser(url: string): void {
  const found = opener();
  if (found === null) return;
  try {
    const child = spawn(found.command, [...found.args, url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener after all: the printed URL is enough.
  }
}
