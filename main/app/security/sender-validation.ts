/**
 * Which renderer frames may call the engine: only the top-level frame of our own UI,
 * loaded from app://roamdesk (VS Code's rule). A subframe, another origin, or a frame that
 * has navigated away is refused before its payload is even parsed.
 */
import { isAppUrl } from './app-origin.js';

export interface SenderFrameLike {
  url: string;
  parent: unknown;
}

export function isTrustedSender(frame: SenderFrameLike | null | undefined): boolean {
  if (!frame) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}
