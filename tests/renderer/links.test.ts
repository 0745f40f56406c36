/** The About box links managedByUrl only when it is https:// (policy may also carry http://localhost). */
import { expect, test } from 'vitest';
import { httpsUrl } from '../../renderer/src/links.js';

test('only https URLs become links', () => {
  expect(httpsUrl('https://it.example.com/roamdesk')).toBe('https://it.example.com/roamdesk');
  for (const value of ['http://localhost:8080/help', 'javascript:alert(1)', 'file:///etc/passwd', 'not a url', '', 42, null, undefined]) expect(httpsUrl(value)).toBeNull();
});
