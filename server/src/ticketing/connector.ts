/**
 * The relay's port to a ticketing system (ITSM). Request Tracker 5 (REST2) is the first
 * implementation; the shape is chosen so Zendesk, Jira Service Management and ServiceNow fit
 * (see docs/relay.md, "Ticketing connectors"):
 *
 * - tickets are referenced by an opaque string id (RT number, Zendesk id, JSM key, ServiceNow sys_id);
 * - attachments are given as bytes + metadata; a connector that needs a two-step upload
 *   (Zendesk upload token, JSM temporary attachment) does both steps inside `addAttachment`;
 * - fields are *logical* ("severity", "logBundle"); each connector maps them to its own custom
 *   field (RT CF name, Zendesk custom_field id, JSM customfield_n, ServiceNow column);
 * - `listChanged` is the polling primitive: "tickets touched since T, with their current field
 *   values" (RT TicketSQL LastUpdated, Zendesk incremental export, JQL `updated >=`, sys_updated_on).
 */
import type { Readable } from 'node:stream';

export type LogicalField = 'severity' | 'logBundle';

/** Values of the "Log bundle" field as agents see them in the ticketing system. */
export const LOG_BUNDLE = {
  requested: 'Requested',
  sent: 'Sent to device',
  received: 'Received',
  declined: 'Declined',
  expired: 'Expired',
} as const;
export type LogBundleValue = (typeof LOG_BUNDLE)[keyof typeof LOG_BUNDLE];

/** Relay-side ticket state, mapped from each system's own states. */
export type TicketState = 'open' | 'waiting' | 'resolved' | 'closed';

export interface NewTicket {
  subject: string;
  /** Plain text body (description, steps, checklist summary). */
  body: string;
  severityValue: string;
  /** Device id; the connector may store it (RT: in the subject/body, Zendesk: external_id). */
  deviceId: string;
  caseId: string;
}

export interface TicketRef {
  id: string;
  /** Agent-facing link, when the system has one. */
  url?: string;
}

export interface AttachmentInput {
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  content: () => Readable;
}

export interface Correspondence {
  /** Stable id inside the ticketing system (RT transaction id). */
  id: string;
  author: string;
  body: string;
  createdAt: Date;
}

export interface TicketSnapshot {
  id: string;
  state: TicketState;
  fields: Partial<Record<LogicalField, string | null>>;
  updatedAt: Date;
}

export interface ConnectorCapabilities {
  /** Largest single attachment the system accepts (bytes). */
  maxAttachmentBytes: number;
  /** Whether an agent can request logs by setting a ticket field (RT, Zendesk, JSM, ServiceNow: yes). */
  logRequestField: boolean;
}

export interface TicketingConnector {
  readonly kind: string;
  readonly capabilities: ConnectorCapabilities;
  createTicket(ticket: NewTicket): Promise<TicketRef>;
  /** Attaches a file with an internal note (not visible to the requester unless the system says so). */
  addAttachment(ticketId: string, file: AttachmentInput, note: string): Promise<void>;
  /** Adds a note; `visibleToRequester` chooses public correspondence vs internal comment. */
  addNote(ticketId: string, body: string, visibleToRequester: boolean): Promise<void>;
  /**
   * Public replies written by agents (not the relay's own notes), oldest first. Ids in `known`
   * were read before; a connector may leave them out (saves fetching their bodies).
   */
  readCorrespondence(ticketId: string, known?: ReadonlySet<string>): Promise<Correspondence[]>;
  getField(ticketId: string, field: LogicalField): Promise<string | null>;
  setField(ticketId: string, field: LogicalField, value: string): Promise<void>;
  getTicket(ticketId: string): Promise<TicketSnapshot>;
  /**
   * Who (the agent's name in the ticketing system) last set `field` to `value` on the ticket —
   * not counting the relay's own changes; null when unknown. Optional: without it the relay
   * names a log request's asker "support agent". (RT: the ticket history's CustomField
   * transactions; Zendesk: audits; JSM: changelog; ServiceNow: sys_audit.)
   */
  fieldSetBy?(ticketId: string, field: LogicalField, value: string): Promise<string | null>;
  /** Tickets of the relay's queue/project updated at or after `since`. */
  listChanged(since: Date): Promise<TicketSnapshot[]>;
}

export class TicketingError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TicketingError';
  }
}
