/*
 * A minimal browser for redirect flows: follows 302s across origins with a cookie jar per
 * host, sending requests for the regstack origin to an in-process handler.
 */

export interface BrowserStep {
  readonly url: string;
  readonly status: number;
}

export interface TestBrowser {
  /** Follows redirects from `url` until a response is not a redirect, or `stop(url)` holds. */
  follow(
    url: string,
    options?: { method?: string; headers?: Record<string, string>; stop?: (url: URL) => boolean },
  ): Promise<{ url: URL; response: Response; steps: BrowserStep[] }>;
  /** Drops the cookies of one host (`127.0.0.1:4000`). */
  forget(host: string): void;
  cookies(host: string): Map<string, string>;
}

export function createTestBrowser(options: {
  readonly appOrigin: string;
  readonly appFetch: (request: Request) => Promise<Response>;
}): TestBrowser {
  const jars = new Map<string, Map<string, string>>();
  const jar = (host: string): Map<string, string> => {
    let cookies = jars.get(host);
    if (cookies === undefined) {
      cookies = new Map();
      jars.set(host, cookies);
    }
    return cookies;
  };

  function store(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = /max-age=0\b/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line);
      if (expired || value === '') jar(url.host).delete(name);
      else jar(url.host).set(name, value);
    }
  }

  return {
    async follow(start, followOptions = {}) {
      let url = new URL(start);
      let method = followOptions.method ?? 'GET';
      const steps: BrowserStep[] = [];
      for (let hop = 0; hop < 20; hop += 1) {
        const headers = new Headers(followOptions.headers);
        const cookies = [...jar(url.host)].map(([name, value]) => `${name}=${value}`).join('; ');
        if (cookies !== '') headers.set('cookie', cookies);
        const request = new Request(url, { method, headers, redirect: 'manual' });
        const response =
          url.origin === options.appOrigin ? await options.appFetch(request) : await fetch(request);
        store(url, response);
        steps.push({ url: url.href, status: response.status });
        const location = response.headers.get('location');
        if (response.status < 300 || response.status >= 400 || location === null) {
          return { url, response, steps };
        }
        await response.arrayBuffer();
        url = new URL(location, url);
        method = 'GET';
        if (followOptions.stop?.(url)) return { url, response, steps };
      }
      throw new Error(`too many redirects from ${start}`);
    },
    forget(host) {
      jars.delete(host);
    },
    cookies: jar,
  };
}
