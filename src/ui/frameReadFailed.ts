/**
 * For frame reads started by a view: a video removed meanwhile fails them with NotFoundError (its files are gone),
 * which is no error to report; anything else is logged, not thrown into the page as an unhandled rejection.
 */
export function frameReadFailed(e: unknown): void {
  if (e instanceof DOMException && e.name === 'NotFoundError') return;
  console.warn('frame read failed', e);
}
