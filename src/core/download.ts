// Offers data as an ordinary browser download (a download event, no picker).
// A Blob that is a File on disk (an OPFS export) is streamed from there.
export function offerDownload(name: string, data: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(data);
  a.download = name;
  a.click();
  // Revoked later: the download reads from the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}
