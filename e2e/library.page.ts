// Page object for the library screen: tests speak in user actions and read
// state through the stable test ids of e2e/CONTRACT.md and the window test API.
import { expect, type Locator, type Page } from '@playwright/test';
import { testApi, type FrameInfo } from './testApi';

export class LibraryPage {
  private readonly api: ReturnType<typeof testApi>;
  constructor(readonly page: Page) {
    this.api = testApi(page);
  }

  /**
   * Opens the app. `pinLibrary` (the default): the user pins the library drawer open, as tests of the library
   * expect to see and click its rows; left to itself the drawer closes once a complete map needs the room.
   */
  async open({ pinLibrary = true } = {}): Promise<void> {
    await this.page.goto('/');
    await expect(this.page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
    if (pinLibrary) await this.pinLibrary();
  }

  /** Opens the library drawer by its toggle so that it stays open (a toggle that shows it open by itself pins on a second click). */
  async pinLibrary(): Promise<void> {
    const toggle = this.page.getByTestId('library-toggle');
    const drawer = this.page.getByTestId('library-drawer');
    if ((await drawer.getAttribute('data-pinned')) === 'true') return;
    if ((await toggle.getAttribute('aria-expanded')) === 'true') await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(drawer).toHaveAttribute('data-pinned', 'true');
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

  /** Waits until the settings changed so far are stored. */
  settingsWritten(): Promise<void> {
    return this.api.settingsWritten();
  }
}
