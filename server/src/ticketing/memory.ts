/**
 * In-memory ticketing system: used when no ITSM is configured (`ticketing.kind = none`, the
 * relay still keeps cases) and by tests to play the agent's side without RT.
 */
import { createHash } from 'node:crypto';
import type { AttachmentInput, Correspondence, LogicalField, NewTicket, TicketRef, TicketSnapshot, TicketState, TicketingConnector } from './connector.js';

export interface MemoryTicket {
  id: string;
  ticket: NewTicket;
  state: TicketState;
  fields: Partial<Record<LogicalField, string | null>>;
  attachments: { fileName: string; contentType: string; sha256: string; size: number; note: string }[];
  notes: { body: string; public: boolean }[];
  correspondence: Correspondence[];
  updatedAt: Date;
}

export class MemoryTicketing implements TicketingConnector {
  readonly kind = 'memory';
  readonly capabilities = { maxAttachmentBytes: 50 * 1024 * 1024, logRequestField: true };
  readonly tickets = new Map<string, MemoryTicket>();
  private next = 1;

  private find(id: string): MemoryTicket {
    const found = this.tickets.get(id);
    if (!found) throw new Error(`no ticket ${id}`);
    return found;
  }

  private touch(t: MemoryTicket): void {
    t.updatedAt = new Date();
  }

  async createTicket(ticket: NewTicket): Promise<TicketRef> {
    const id = String(this.next++);
    this.tickets.set(id, { id, ticket, state: 'open', fields: { severity: ticket.severityValue }, attachments: [], notes: [], correspondence: [], updatedAt: new Date() });
    return { id };
  }

  async addAttachment(ticketId: string, file: AttachmentInput, note: string): Promise<void> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of file.content()) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    const t = this.find(ticketId);
    t.attachments.push({ fileName: file.fileName, contentType: file.contentType, sha256: hash.digest('hex'), size, note });
    this.touch(t);
  }

  async addNote(ticketId: string, body: string, visibleToRequester: boolean): Promise<void> {
    const t = this.find(ticketId);
    t.notes.push({ body, public: visibleToRequester });
    this.touch(t);
  }

  async readCorrespondence(ticketId: string): Promise<Correspondence[]> {
    return [...this.find(ticketId).correspondence];
  }

  async getField(ticketId: string, field: LogicalField): Promise<string | null> {
    return this.find(ticketId).fields[field] ?? null;
  }

  async setField(ticketId: string, field: LogicalField, value: string): Promise<void> {
    const t = this.find(ticketId);
    t.fields[field] = value;
    this.touch(t);
  }

  async getTicket(ticketId: string): Promise<TicketSnapshot> {
    const t = this.find(ticketId);
    return { id: t.id, state: t.state, fields: { ...t.fields }, updatedAt: t.updatedAt };
  }

  async listChanged(since: Date): Promise<TicketSnapshot[]> {
    return [...this.tickets.values()].filter((t) => t.updatedAt.getTime() >= since.getTime()).map((t) => ({ id: t.id, state: t.state, fields: { ...t.fields }, updatedAt: t.updatedAt }));
  }

  // --- the agent's side (tests) ---
  agentReply(ticketId: string, body: string, author = 'agent'): void {
    const t = this.find(ticketId);
    t.correspondence.push({ id: `m${t.correspondence.length + 1}`, author, body, createdAt: new Date() });
    this.touch(t);
  }

  agentSetState(ticketId: string, state: TicketState): void {
    const t = this.find(ticketId);
    t.state = state;
    this.touch(t);
  }
}
