import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../server/src/ticketing/html-text.js';

describe('htmlToText (agent replies stored as HTML)', () => {
  it.each([
    ['RT 5 CKEditor reply: paragraphs, entities, the empty trailing paragraph', '<p>Don&rsquo;t worry &mdash; reconnect &amp; retry. It&#39;s &lt;fine&gt;.</p>\n\n<p>&nbsp;</p>\n', 'Don’t worry — reconnect & retry. It\'s <fine>.'],
    ['one paragraph per line', '<p>First line</p><p>Second line</p>', 'First line\nSecond line'],
    ['line breaks inside a paragraph', '<p>a<br>b<br />c</p>', 'a\nb\nc'],
    ['source newlines are not line breaks', '<p>one\ntwo</p>', 'one two'],
    ['inline markup goes, text stays', '<p>Use <strong>Roam</strong><a href="https://x.example/">desk</a></p>', 'Use Roamdesk'],
    ['style and script content is not text', '<style>p{color:red}</style><p>ok</p><script>alert(1)</script>', 'ok'],
    ['blank runs collapse to one empty line', '<p>a</p><p>&nbsp;</p><p>&nbsp;</p><p>&nbsp;</p><p>b</p>', 'a\n\nb'],
    ['plain text passes through', 'nothing to do', 'nothing to do'],
  ])('%s', (_name, html, text) => {
    expect(htmlToText(html)).toBe(text);
  });
});
