// Object URLs of frames shown in <img>s are revoked a while after they go out of use, not at once:
// an image whose load is still in flight (a slow, busy machine) fails on a revoked URL with
// "Failed to load resource: net::ERR_FILE_NOT_FOUND". Frame images are small, so the delay costs little.
const DELAY_MS = 10_000;

export function releaseUrl(url: string | null | undefined): void {
  if (url) setTimeout(() => URL.revokeObjectURL(url), DELAY_MS);
}
