import { describe, expect, it } from 'vitest';
import type { SupportRequestView, SupportStatusView } from '../../preload/contract.js';
import { incidentNotification, logRequestNotification } from '../../main/app/support-notifications.js';

const request = (over: Partial<SupportRequestView>): SupportRequestView => ({
  id: 'lr_1',
  caseId: 'c_1',
  caseNumber: '42',
  requestedBy: 'agent.smith',
  reason: 'portal fails',
  requestedAt: '2026-11-30T10:00:00Z',
  expiresAt: '2026-12-01T10:00:00Z',
  state: 'pending',
  answeredAt: null,
  answeredBy: null,
  sha256: null,
  bytes: null,
  problem: null,
  ...over,
});

const status = (over: Partial<SupportStatusView>): SupportStatusView => ({
  available: true,
  pageName: 'Roamnet',
  level: 'outage',
  description: 'Partial outage',
  knownIssue: null,
  incidents: [
    { id: 'inc1', name: 'Login failures in Europe', impact: 'major', status: 'investigating', link: null },
    { id: 'inc2', name: 'Slow status page', impact: 'minor', status: 'identified', link: null },
  ],
  maintenances: [],
  newIncidents: [],
  fetchedAt: '2026-11-30T10:00:00Z',
  fromCache: false,
  stale: false,
  problem: null,
  ...over,
});

describe('log request notifications', () => {
  it('a pending request names who asks and for which case, and sends the person to the app', () => {
    expect(logRequestNotification(request({}))).toEqual({
      title: 'Support asks for your logs',
      body: 'agent.smith asks for a log bundle for case #42. Open Roamdesk to see what would be sent, then approve or decline.',
    });
  });
  it('policy auto-approval still tells the person', () => {
    expect(logRequestNotification(request({ state: 'approved', answeredBy: 'policy' }))?.title).toBe('Logs sent to support');
    expect(logRequestNotification(request({ state: 'declined', answeredBy: 'policy' }))?.title).toBe('Log request declined');
  });
  it('the person’s own answers need no notification', () => {
    expect(logRequestNotification(request({ state: 'approved', answeredBy: 'user' }))).toBeNull();
    expect(logRequestNotification(request({ state: 'expired' }))).toBeNull();
  });
});

describe('incident notifications', () => {
  it('only for incidents new with this reading', () => {
    expect(incidentNotification(status({}))).toBeNull();
    expect(incidentNotification(status({ newIncidents: ['inc1'] }))).toEqual({
      title: 'Known issue: Login failures in Europe',
      body: 'Roamnet reports a problem: investigating. Open Roamdesk before filing a case.',
    });
    expect(incidentNotification(status({ newIncidents: ['inc2', 'inc1'] }))?.body).toContain('(and 1 more)');
  });
});
