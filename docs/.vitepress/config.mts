import { defineConfig } from 'vitepress';

// The site builds offline: local search, no CDN, and every internal link checked at build.
export default defineConfig({
  title: 'regstack',
  description: 'Production-grade user accounts for any Node.js web app.',
  srcExclude: ['screenshots/**'],
  cleanUrls: true,
  lastUpdated: false,
  themeConfig: {
    search: { provider: 'local' },
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Reference', link: '/reference/configuration' },
      { text: 'Security', link: '/security' },
    ],
    sidebar: [
      {
        text: 'Start',
        items: [
          { text: 'Getting started', link: '/guide/getting-started' },
          { text: 'What regstack does', link: '/guide/features' },
          { text: 'Node versions', link: '/guide/node-versions' },
        ],
      },
      {
        text: 'Hosts',
        items: [
          { text: 'Hono', link: '/guide/hono' },
          { text: 'Express 5', link: '/guide/express' },
          { text: 'Fastify 5', link: '/guide/fastify' },
          { text: 'node:http', link: '/guide/node-http' },
          { text: 'Next.js', link: '/guide/nextjs' },
          { text: 'Any fetch runtime', link: '/guide/fetch' },
        ],
      },
      {
        text: 'Concepts',
        items: [
          { text: 'Sessions and revocation', link: '/concepts/sessions' },
          { text: 'The audit log', link: '/concepts/audit-log' },
          { text: 'Lockout and rate limits', link: '/concepts/limits' },
          { text: 'Bearer and cookie transports', link: '/concepts/transports' },
          { text: 'Tokens, and what is stored', link: '/concepts/tokens' },
          { text: 'Two-factor sign-in', link: '/concepts/two-factor' },
          { text: 'Passkeys', link: '/concepts/passkeys' },
          { text: 'Signed webhooks', link: '/concepts/webhooks' },
        ],
      },
      {
        text: 'Guides',
        items: [
          { text: 'Pages and theming', link: '/guide/pages-and-theming' },
          { text: 'Email and SMS', link: '/guide/delivery' },
          { text: 'Storage', link: '/guide/storage' },
          { text: 'MongoDB', link: '/mongodb' },
          { text: 'OAuth and OpenID Connect', link: '/oauth' },
          { text: 'Deployment', link: '/guide/deployment' },
          { text: 'Coming from Python', link: '/guide/python' },
          { text: 'Troubleshooting', link: '/guide/troubleshooting' },
        ],
      },
      {
        text: 'Reference',
        items: [
          { text: 'Configuration', link: '/reference/configuration' },
          { text: 'Hooks', link: '/reference/hooks' },
          { text: 'HTTP API', link: '/reference/http-api' },
          { text: 'CLI', link: '/reference/cli' },
          { text: 'TypeScript API', link: '/reference/typescript-api' },
        ],
      },
      {
        text: 'Quality',
        items: [
          { text: 'Security', link: '/security' },
          { text: 'Performance', link: '/performance' },
        ],
      },
    ],
  },
});
