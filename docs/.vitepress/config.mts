import { defineConfig } from 'vitepress';

export default defineConfig({
  title: 'regstack',
  description: 'Production-grade user accounts for any Node.js web app.',
  srcExclude: ['screenshots/**'],
  cleanUrls: true,
  themeConfig: {
    search: { provider: 'local' },
  },
});
