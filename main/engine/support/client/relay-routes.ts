/**
 * The support relay's HTTP API as the desktop client uses it — one file, so that it can be
 * lined up with the relay server (server/) route by route. All bodies are JSON (UTF-8)
 * except the upload chunks (raw bytes). Every call after activation carries
 * `Authorization: Bearer <device credential>`.
 *
 *   POST /v1/activate                {token} | {username, password}  → 200/201 {deviceId, credential}
 *   POST /v1/cases                   NewCase, Idempotency-Key        → 201 (200 on a replayed key) {case} or the case itself
 *   GET  /v1/cases                                                   → 200 {cases: Case[]}
 *   GET  /v1/cases/{id}                                              → 200 {case} or the case itself; 404 unknown
 *   POST /v1/cases/{id}/replies      {body}, Idempotency-Key         → 201 {reply} or the case                 (client addition)
 *   POST /v1/cases/{id}/escalate     {reason, severity?}             → 200 {case} or the case
 *   POST /v1/cases/{id}/rating       {score: 1–5, comment?}          → 200/201/204
 *   POST /v1/uploads                 {caseId, size, sha256, fileName?, requestId?}, Idempotency-Key → 201 {uploadId}
 *   PUT  /v1/uploads/{id}            bytes; Content-Range: bytes a-b/size; Content-Type: application/octet-stream
 *                                    → 200/204 with Upload-Offset (next byte expected); on the last chunk 200/201
 *                                      {complete: true, sha256} after the server checked the whole file;
 *                                      409 + Upload-Offset when the range does not start at the server's offset;
 *                                      422 when the finished file's SHA-256 differs
 *   HEAD /v1/uploads/{id}                                            → 200 with Upload-Offset (bytes received so far)
 *   GET  /v1/requests?wait=30        long poll, at most `wait` seconds → 200 {requests: LogRequest[]} (or 204 none)
 *   POST /v1/requests/{id}/answer    {approve: true, uploadId} | {approve: false, reason?} → 200/204
 *   GET  /v1/status                                                  → 200 Atlassian Statuspage v2 summary.json
 */

export const RELAY_API_VERSION = 'v1';

export const relayHeaders = {
  authorization: 'Authorization',
  idempotencyKey: 'Idempotency-Key',
  uploadOffset: 'Upload-Offset',
  contentRange: 'Content-Range',
} as const;

const id = (value: string) => encodeURIComponent(value);

export const relayRoutes = {
  activate: () => ({ method: 'POST', path: '/v1/activate' }) as const,
  createCase: () => ({ method: 'POST', path: '/v1/cases' }) as const,
  listCases: () => ({ method: 'GET', path: '/v1/cases' }) as const,
  showCase: (caseId: string) => ({ method: 'GET', path: `/v1/cases/${id(caseId)}` }) as const,
  reply: (caseId: string) => ({ method: 'POST', path: `/v1/cases/${id(caseId)}/replies` }) as const,
  escalate: (caseId: string) => ({ method: 'POST', path: `/v1/cases/${id(caseId)}/escalate` }) as const,
  rate: (caseId: string) => ({ method: 'POST', path: `/v1/cases/${id(caseId)}/rating` }) as const,
  createUpload: () => ({ method: 'POST', path: '/v1/uploads' }) as const,
  putUpload: (uploadId: string) => ({ method: 'PUT', path: `/v1/uploads/${id(uploadId)}` }) as const,
  uploadOffset: (uploadId: string) => ({ method: 'HEAD', path: `/v1/uploads/${id(uploadId)}` }) as const,
  pollRequests: (waitSeconds: number) => ({ method: 'GET', path: `/v1/requests?wait=${Math.max(0, Math.floor(waitSeconds))}` }) as const,
  answerRequest: (requestId: string) => ({ method: 'POST', path: `/v1/requests/${id(requestId)}/answer` }) as const,
  status: () => ({ method: 'GET', path: '/v1/status' }) as const,
} as const;

export type RelayRouteName = keyof typeof relayRoutes;

/** `bytes a-b/size` for the chunk [start, end) of a file of `size` bytes. */
export function contentRange(start: number, end: number, size: number): string {
  return `bytes ${start}-${end - 1}/${size}`;
}

/** Parses `bytes a-b/size` (the test peer and the server use it too). */
export function parseContentRange(value: string | undefined): { start: number; end: number; size: number } | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const start = Number(match[1]);
  const last = Number(match[2]);
  const size = Number(match[3]);
  if (last < start || last >= size) return undefined;
  return { start, end: last + 1, size };
}
