// Page object for the library screen: tests speak in user actions and read
// state through the stable test ids of e2e/CONTRACT.md and the window test API.
import { expect, type Locator, type Page } from '@playwright/test';
import type { FrameInfo } from '../src/testApi';
import type { VideoRecord } from '../src/state/videoRecord';

declare global {
  interface Window {
    __frameAtlas: {
      videos(): VideoRecord[];
      frameTimes(name: string): Promise<number[]>;
      frameInfo(name: string, i: number): Promise<FrameInfo>;
      frameBytes(name: string, i: number): Promise<string>;
      sampleArgs(inputPath: string, threads: number): string[];
      ingestRuns(): number;
      storedIds(): Promise<string[]>;
      setParams(p: unknown): Promise<void>;
      featureRuns(): number;
      features(name: string, model?: string): Promise<{ count: number; dim: number; data: number[] }>;
      embedFrames(name: string, indices: number[], backend: 'webgpu' | 'wasm'): Promise<number[][]>;
    };
  }
}

export class LibraryPage {
  constructor(readonly page: Page) {}

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
    return this.page.evaluate((n) => window.__frameAtlas.frameTimes(n), name);
  }

  frameInfo(name: string, i: number): Promise<FrameInfo> {
    return this.page.evaluate(([n, k]) => window.__frameAtlas.frameInfo(n as string, k as number), [name, i] as const);
  }

  /** Stored frame i as it was stored (WebP/JPEG). */
  async frameBytes(name: string, i: number): Promise<Buffer> {
    return Buffer.from(await this.page.evaluate(([n, k]) => window.__frameAtlas.frameBytes(n as string, k as number), [name, i] as const), 'base64');
  }

  /** The ffmpeg command line ingest runs with the current settings. */
  sampleArgs(input: string): Promise<string[]> {
    return this.page.evaluate((p) => window.__frameAtlas.sampleArgs(p, 1), input);
  }

  storedIds(): Promise<string[]> {
    return this.page.evaluate(() => window.__frameAtlas.storedIds());
  }

  ingestRuns(): Promise<number> {
    return this.page.evaluate(() => window.__frameAtlas.ingestRuns());
  }
}
