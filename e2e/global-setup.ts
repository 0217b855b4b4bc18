import { ensureFixtures, ensureRealWorldFixtures, ensureXceptionFixture } from './fixtures';

export default async function globalSetup(): Promise<void> {
  ensureFixtures();
  ensureRealWorldFixtures();
  await ensureXceptionFixture();
}
