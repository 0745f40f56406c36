/**
 * Links the UI shows from values it did not write (policy, directory): only https:// ever
 * becomes a link; anything else (http://, javascript:, garbage) is not linked at all.
 */
export function httpsUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
