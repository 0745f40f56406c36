/**
 * The support relay's HTTP API as the desktop client uses it — one file, lined up with the
 * relay server (server/src/relay.ts, server/openapi.json) route by route. All bodies are JSON
 * (UTF-8) except the upload chunks (raw bytes). Every call after activation carries
 * `Authorization: Bearer <device credential>`; errors are `{error: {code, message}}`.
 *
 *   POST /v1/devices/activate          {deviceName, platform?, appVersion?, activationToken?}
 *                                      (credentials: Authorization: Basic)  → 201 {deviceId, credential}
 *   POST /v1/cases                     {category, severity 1|2|3|"end-user", subject?, description,
 *                                       stepsToReproduce, diagnostics[]}  → 201 the case
 *   GET  /v1/cases                                                      → 200 {cases: Case[]}
 *   GET  /v1/cases/{id}                                                 → 200 the case; 404 unknown
 *   GET  /v1/cases/{id}/replies                                         → 200 {replies: Reply[]}
 *   POST /v1/cases/{id}/escalations    {caseNumbers, description, progress, impact, reason} → 201
 *   POST /v1/cases/{id}/rating         {rating: 1–5, comment?}          → 200 the case; 409 not resolved / rated
 *   POST /v1/cases/{id}/bundles        {fileName, contentType, size, sha256, logRequestId?} → 201 {id, offset, …}
 *   PUT  /v1/bundles/{id}              bytes; Content-Range: bytes a-b/size; Content-Type: application/octet-stream
 *                                      → 200 with Upload-Offset; the last chunk answers {state: "complete", sha256}
 *                                        after the relay checked the whole file; 409 + Upload-Offset when the
 *                                        range does not start at the relay's offset; 422 when the SHA-256 differs
 *   HEAD /v1/bundles/{id}                                               → 200 with Upload-Offset (bytes held)
 *   GET  /v1/devices/me/requests?wait=30  long poll, at most `wait` s   → 200 {requests: LogRequest[]}
 *   POST /v1/requests/{id}/answer      {decision: "approve", bundleId} | {decision: "decline", reason?} → 200; 409 closed
 *   GET  /v1/status                                                     → 200 {fetchedAt, stale, summary} (Statuspage v2)
 *
 * The relay has no Idempotency-Key yet: the client sends one anyway (it is ignored), so a
 * relay that learns it needs no client change.
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
  activate: () => ({ method: 'POST', path: '/v1/devices/activate' }) as const,
  createCase: () => ({ method: 'POST', path: '/v1/cases' }) as const,
  listCases: () => ({ method: 'GET', path: '/v1/cases' }) as const,
  showCase: (caseId: string) => ({ method: 'GET', path: `/v1/cases/${id(caseId)}` }) as const,
  replies: (caseId: string) => ({ method: 'GET', path: `/v1/cases/${id(caseId)}/replies` }) as const,
  escalate: (caseId: string) => ({ method: 'POST', path: `/v1/cases/${id(caseId)}/escalations` }) as const,
  rate: (caseId: string) => ({ method: 'POST', path: `/v1/cases/${id(caseId)}/rating` }) as const,
  createUpload: (caseId: string) => ({ method: 'POST', path: `/v1/cases/${id(caseId)}/bundles` }) as const,
  putUpload: (uploadId: string) => ({ method: 'PUT', path: `/v1/bundles/${id(uploadId)}` }) as const,
  uploadOffset: (uploadId: string) => ({ method: 'HEAD', path: `/v1/bundles/${id(uploadId)}` }) as const,
  pollRequests: (waitSeconds: number) => ({ method: 'GET', path: `/v1/devices/me/requests?wait=${Math.max(0, Math.floor(waitSeconds))}` }) as const,
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
