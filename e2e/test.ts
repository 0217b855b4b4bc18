// The one `test` every spec uses: Playwright's, with a page that fails the test
// on any uncaught page error and on any console error the app did not expect.
// A spec that provokes an error on purpose (a bad file, a 404 it asks for)
// names it with `allowConsoleErrors`, so nothing else slips through.
import { expect, test as base } from '@playwright/test';
import { testApi, type Remote, type TestApi } from './testApi';

export { expect };
export type { Page, Locator } from '@playwright/test';

declare global {
  interface Window {
    /** set by the init script below: the code that revoked a blob: URL */
    __revokedBy(url: string): string | undefined;
  }
}

interface PageErrors {
  /** Console errors matching one of these patterns are expected by this test. */
  allowConsoleErrors(...patterns: RegExp[]): void;
}

export const test = base.extend<{ pageErrors: PageErrors; api: Remote<TestApi> }>({
  /** The page's test API (src/testing/testApi.ts), typed: `await api.videos()`. */
  api: async ({ page }, use) => use(testApi(page)),
  pageErrors: [
    async ({ page }, use, testInfo) => {
      const allowed: RegExp[] = [];
      const problems: string[] = [];
      const failed: string[] = [];
      page.on('pageerror', (e) => problems.push(`uncaught: ${e.name}: ${e.message}${e.stack ? `\n${e.stack}` : ''}`));
      page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const text = msg.text();
        const where = msg.location();
        const line = where.url ? `${text} (${where.url}:${where.lineNumber})` : text;
        if (!allowed.some((re) => re.test(text) || re.test(line))) problems.push(`console error: ${line}`);
      });
      // The console says only that a resource failed; this says what kind it was and, for a blob:
      // URL, which code revoked it before it was loaded.
      await page.addInitScript(() => {
        const revoked = new Map<string, string>();
        const revoke = URL.revokeObjectURL.bind(URL);
        URL.revokeObjectURL = (url: string) => {
          revoked.set(url, new Error('revoked').stack ?? '');
          revoke(url);
        };
        window.__revokedBy = (u) => revoked.get(u);
      });
      page.on('requestfailed', (r) => {
        const what = `failed ${r.resourceType()} request: ${r.url()} (${r.failure()?.errorText ?? '?'})`;
        if (!r.url().startsWith('blob:')) return void failed.push(what);
        void page
          .evaluate((u) => window.__revokedBy(u), r.url())
          .then((stack) => failed.push(`${what}, revoked at ${stack?.split('\n').slice(1, 6).join(' < ') ?? '(never revoked)'}`), () => failed.push(what));
      });
      await use({ allowConsoleErrors: (...patterns) => allowed.push(...patterns) });
      if (problems.length > 0 && testInfo.status === testInfo.expectedStatus) {
        throw new Error(`the page reported ${problems.length} unexpected error(s):\n${problems.slice(0, 20).join('\n')}${failed.length ? `\n(${failed.slice(0, 10).join('; ')})` : ''}`);
      }
    },
    { auto: true },
  ],
});
