import { ensureFixtures } from './fixtures';

export default function globalSetup(): void {
  ensureFixtures();
}
