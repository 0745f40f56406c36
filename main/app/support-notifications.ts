/**
 * Words for the OS notifications of the support desk: an agent asking this device for logs,
 * and a new incident on the provider's status page. Pure (no electron import), so it is tested;
 * main.ts shows them. The in-app dialog and banner stay the place where anything is decided:
 * a notification only brings the person there.
 */
import type { SupportRequestView, SupportStatusView } from '../../preload/contract.js';

export interface SupportNotification {
  title: string;
  body: string;
}

export function logRequestNotification(request: SupportRequestView): SupportNotification | null {
  const ticket = request.caseNumber ? `case #${request.caseNumber}` : 'your case';
  if (request.state === 'pending') {
    return { title: 'Support asks for your logs', body: `${request.requestedBy} asks for a log bundle for ${ticket}. Open Roamdesk to see what would be sent, then approve or decline.` };
  }
  // Managed policy answered without asking: the person is still told, and what was sent.
  if (request.answeredBy === 'policy' && request.state === 'approved') {
    return { title: 'Logs sent to support', body: `Your organisation's policy sent a log bundle for ${ticket} to ${request.requestedBy}. Open Roamdesk to see what was sent.` };
  }
  if (request.answeredBy === 'policy' && request.state === 'declined') {
    return { title: 'Log request declined', body: `Your organisation's policy declined ${request.requestedBy}'s request for logs for ${ticket}.` };
  }
  return null;
}

export function incidentNotification(status: SupportStatusView): SupportNotification | null {
  if (status.newIncidents.length === 0) return null;
  const named = status.incidents.filter((incident) => status.newIncidents.includes(incident.id));
  const first = named[0];
  if (!first) return null;
  const more = named.length > 1 ? ` (and ${named.length - 1} more)` : '';
  const service = status.pageName ?? 'the service';
  return { title: `Known issue: ${first.name}`, body: `${service} reports a problem${more}: ${first.status}. Open Roamdesk before filing a case.` };
}
