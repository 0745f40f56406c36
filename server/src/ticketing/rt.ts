/**
 * Request Tracker 5 through REST2 (`/REST/2.0`), authenticated with an RT auth token of the
 * relay's own RT user. Tickets live in one queue; severity and the log-bundle workflow are
 * ticket custom fields (Select, one value). Attachments go in as base64 `Attachments` on an
 * internal comment; agent replies are read back from the ticket history (Correspond
 * transactions not written by the relay's user).
 */
import type { RtConfig } from '../config.js';
import {
  TicketingError,
  type AttachmentInput,
  type Correspondence,
  type LogicalField,
  type NewTicket,
  type TicketRef,
  type TicketSnapshot,
  type TicketState,
  type TicketingConnector,
} from './connector.js';
import { htmlToText } from './html-text.js';

interface RtTicket {
  id: string | number;
  Status: string;
  LastUpdated: string;
  Creator?: { id: string } | string;
  CustomFields?: { id?: string | number; name: string; values: string[] }[];
}

interface RtHistoryItem {
  id: string | number;
  Type?: string;
  Creator?: { id: string } | string;
  Created?: string;
  /** CustomField transactions: the custom field's id, and the value set. */
  Field?: string;
  NewValue?: string;
}

const STATE: Record<string, TicketState> = { new: 'open', open: 'open', stalled: 'waiting', resolved: 'resolved', rejected: 'closed', deleted: 'closed' };

const userName = (creator: RtTicket['Creator']): string => (typeof creator === 'string' ? creator : (creator?.id ?? ''));

/** RT answers dates as UTC "2026-11-30T02:24:32Z"; TicketSQL wants "YYYY-MM-DD HH:MM:SS" (UTC for the relay user). */
const sqlDate = (d: Date): string => d.toISOString().slice(0, 19).replace('T', ' ');

export class RtConnector implements TicketingConnector {
  readonly kind = 'rt';
  readonly capabilities = { maxAttachmentBytes: 50 * 1024 * 1024, logRequestField: true };
  private readonly base: string;
  private readonly creators = new Map<string, string>();

  constructor(
    private readonly config: Pick<RtConfig, 'url' | 'token' | 'queue' | 'severityField' | 'logBundleField'>,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.base = `${config.url.replace(/\/$/, '')}/REST/2.0`;
  }

  private fieldName(field: LogicalField): string {
    return field === 'severity' ? this.config.severityField : this.config.logBundleField;
  }

  private async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}${route}`, {
        method,
        headers: { authorization: `token ${this.config.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new TicketingError(`RT is not reachable (${(error as Error).message})`);
    }
    const text = await res.text();
    if (!res.ok) throw new TicketingError(`RT ${method} ${route.split('?')[0]} answered ${res.status}: ${text.slice(0, 300)}`, res.status);
    try {
      return (text ? JSON.parse(text) : undefined) as T;
    } catch {
      throw new TicketingError(`RT ${method} ${route.split('?')[0]} answered non-JSON`);
    }
  }

  async createTicket(ticket: NewTicket): Promise<TicketRef> {
    const created = await this.call<{ id: string | number }>('POST', '/ticket', {
      Queue: this.config.queue,
      Subject: ticket.subject,
      Content: ticket.body,
      ContentType: 'text/plain',
      CustomFields: { [this.config.severityField]: ticket.severityValue },
    });
    const id = String(created.id);
    return { id, url: `${this.config.url.replace(/\/$/, '')}/Ticket/Display.html?id=${id}` };
  }

  async addAttachment(ticketId: string, file: AttachmentInput, note: string): Promise<void> {
    if (file.size > this.capabilities.maxAttachmentBytes) throw new TicketingError(`attachment larger than ${this.capabilities.maxAttachmentBytes} bytes`);
    const chunks: Buffer[] = [];
    for await (const chunk of file.content()) chunks.push(chunk as Buffer);
    await this.call('POST', `/ticket/${encodeURIComponent(ticketId)}/comment`, {
      Content: note,
      ContentType: 'text/plain',
      Attachments: [{ FileName: file.fileName, FileType: file.contentType, FileContent: Buffer.concat(chunks).toString('base64') }],
    });
  }

  async addNote(ticketId: string, body: string, visibleToRequester: boolean): Promise<void> {
    await this.call('POST', `/ticket/${encodeURIComponent(ticketId)}/${visibleToRequester ? 'correspond' : 'comment'}`, { Content: body, ContentType: 'text/plain' });
  }

  private async ticket(ticketId: string): Promise<RtTicket> {
    const t = await this.call<RtTicket>('GET', `/ticket/${encodeURIComponent(ticketId)}`);
    this.creators.set(ticketId, userName(t.Creator));
    return t;
  }

  private snapshot(t: RtTicket): TicketSnapshot {
    const value = (name: string): string | null => t.CustomFields?.find((cf) => cf.name === name)?.values[0] ?? null;
    return {
      id: String(t.id),
      state: STATE[t.Status] ?? 'open',
      fields: { severity: value(this.config.severityField), logBundle: value(this.config.logBundleField) },
      updatedAt: new Date(t.LastUpdated),
    };
  }

  async readCorrespondence(ticketId: string, known: ReadonlySet<string> = new Set()): Promise<Correspondence[]> {
    const relayUser = this.creators.get(ticketId) ?? userName((await this.ticket(ticketId)).Creator);
    const out: Correspondence[] = [];
    for (let page = 1; page <= 50; page += 1) {
      const history = await this.call<{ items: RtHistoryItem[]; pages?: number }>(
        'GET',
        `/ticket/${encodeURIComponent(ticketId)}/history?fields=Type,Creator,Created&per_page=100&page=${page}`,
      );
      for (const item of history.items) {
        if (item.Type !== 'Correspond' || userName(item.Creator) === relayUser || known.has(String(item.id))) continue;
        const parts = await this.call<{ items: { ContentType?: string; Content?: string }[] }>(
          'GET',
          `/transaction/${item.id}/attachments?fields=ContentType,Content&per_page=100`,
        );
        // In a collection with `fields=Content`, REST2 returns text parts as plain strings
        // (only GET /attachment/:id base64-encodes Content).
        const text = parts.items.find((p) => (p.ContentType ?? '').startsWith('text/plain') && p.Content);
        const html = parts.items.find((p) => (p.ContentType ?? '').startsWith('text/html') && p.Content);
        const body = text ? (text.Content ?? '') : htmlToText(html?.Content ?? '');
        out.push({ id: String(item.id), author: userName(item.Creator), body: body.trim(), createdAt: new Date(item.Created ?? Date.now()) });
      }
      if (!history.pages || page >= history.pages) break;
    }
    return out;
  }

  async getField(ticketId: string, field: LogicalField): Promise<string | null> {
    return this.snapshot(await this.ticket(ticketId)).fields[field] ?? null;
  }

  async setField(ticketId: string, field: LogicalField, value: string): Promise<void> {
    await this.call('PUT', `/ticket/${encodeURIComponent(ticketId)}`, { CustomFields: { [this.fieldName(field)]: value } });
  }

  async fieldSetBy(ticketId: string, field: LogicalField, value: string): Promise<string | null> {
    const t = await this.ticket(ticketId);
    const relayUser = userName(t.Creator);
    const cf = t.CustomFields?.find((f) => f.name === this.fieldName(field));
    if (cf?.id === undefined) return null;
    let who: string | null = null;
    // History comes oldest first; the last matching change wins. (RT 5.0's REST2 leaves `pages` null: stop on a short page.)
    for (let page = 1; page <= 50; page += 1) {
      const history = await this.call<{ items: RtHistoryItem[]; pages?: number | null; per_page?: number }>(
        'GET',
        `/ticket/${encodeURIComponent(ticketId)}/history?fields=Type,Field,NewValue,Creator&per_page=100&page=${page}`,
      );
      for (const item of history.items) {
        if (item.Type === 'CustomField' && String(item.Field) === String(cf.id) && item.NewValue === value && userName(item.Creator) !== relayUser) who = userName(item.Creator) || who;
      }
      if (history.pages ? page >= history.pages : history.items.length < 100) break;
    }
    return who;
  }

  async getTicket(ticketId: string): Promise<TicketSnapshot> {
    return this.snapshot(await this.ticket(ticketId));
  }

  async listChanged(since: Date): Promise<TicketSnapshot[]> {
    const query = `Queue = '${this.config.queue.replace(/'/g, "\\'")}' AND LastUpdated >= '${sqlDate(since)}'`;
    const out: TicketSnapshot[] = [];
    for (let page = 1; page <= 20; page += 1) {
      // One call: the search returns status, LastUpdated and custom field values with the ids.
      const found = await this.call<{ items: RtTicket[]; pages?: number }>(
        'GET',
        `/tickets?query=${encodeURIComponent(query)}&fields=Status,LastUpdated,CustomFields&per_page=100&page=${page}&orderby=LastUpdated`,
      );
      for (const item of found.items) out.push(this.snapshot(item));
      if (!found.pages || page >= found.pages) break;
    }
    return out;
  }
}
