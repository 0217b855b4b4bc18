// Page object for the library screen: tests speak in user actions and read
// state through the stable test ids of e2e/CONTRACT.md and the window test API.
import { expect, type Locator, type Page } from '@playwright/test';
import { testApi, type FrameInfo } from './testApi';

export class LibraryPage {
  private readonly api: ReturnType<typeof testApi>;
  constructor(readonly page: Page) {
    this.api = testApi(page);
  }

  async open(): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
  }

  async add(paths: string[]): Promise<void> {
    await this.page.getByTestId('add-videos').setInputFiles(paths);
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid=video-row][data-name="${name}"]`);
  }

  async frames(name: string): Promise<number> {
    return Number(await this.row(name).getAttribute('data-frames'));
  }

  frameTimes(name: string): Promise<number[]> {
    return this.api.frameTimes(name);
  }

  frameInfo(name: string, i: number): Promise<FrameInfo> {
    return this.api.frameInfo(name, i);
  }

  /** Stored frame i as it was stored (WebP/JPEG). */
  async frameBytes(name: string, i: number): Promise<Buffer> {
    return Buffer.from(await this.api.frameBytes(name, i), 'base64');
  }

  /** The ffmpeg command line ingest runs with the current settings. */
  sampleArgs(input: string): Promise<string[]> {
    return this.api.sampleArgs(input, 1);
  }

  storedIds(): Promise<string[]> {
    return this.api.storedIds();
  }

  ingestRuns(): Promise<number> {
    return this.api.ingestRuns();
  }
}
