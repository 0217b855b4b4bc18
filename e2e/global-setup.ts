import { ensureFixtures, ensureXceptionFixture } from './fixtures';

export default async function globalSetup(): Promise<void> {
  ensureFixtures();
  await ensureXceptionFixture();
}
