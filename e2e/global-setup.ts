import { ensureDamagedFixture, ensureFixtures, ensureRealWorldFixtures, ensureXceptionFixture } from './fixtures';

export default async function globalSetup(): Promise<void> {
  ensureFixtures();
  ensureRealWorldFixtures();
  ensureDamagedFixture();
  await ensureXceptionFixture();
}
