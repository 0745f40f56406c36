/**
 * RoamdeskBridge over the loopback WebSocket of `roamdesk serve`. Every frame from the
 * server is validated against the contract before the UI sees it.
 */
import {
  type EventName,
  type EventPayload,
  type MethodName,
  type RequestOf,
  type ResponseOf,
  type RoamdeskBridge,
  events as eventSchemas,
  isEventName,
  methods,
} from '../../preload/contract.js';
import { ServerFrame, WS_PROTOCOL, WS_TOKEN_PREFIX } from '../../preload/ws-protocol.js';

export class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

interface Pending {
  method: MethodName;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class WebSocketBridge implements RoamdeskBridge {
  private readonly socket: WebSocket;
  private readonly opened: Promise<void>;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private nextId = 1;

  constructor(url: string, token: string) {
    this.socket = new WebSocket(url, [WS_PROTOCOL, `${WS_TOKEN_PREFIX}${token}`]);
    this.opened = new Promise((resolve, reject) => {
      this.socket.addEventListener('open', () => resolve(), { once: true });
      this.socket.addEventListener('error', () => reject(new BridgeError('ENGINE_UNREACHABLE', 'Could not reach the Roamdesk engine.')), { once: true });
    });
    this.opened.catch(() => undefined);
    this.socket.addEventListener('message', (message) => this.receive(String(message.data)));
    this.socket.addEventListener('close', () => {
      for (const [, call] of this.pending) call.reject(new BridgeError('ENGINE_UNREACHABLE', 'The connection to the Roamdesk engine closed.'));
      this.pending.clear();
      this.emit('bridge.closed', undefined);
    });
  }

  async invoke<M extends MethodName>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
    await this.opened;
    const id = this.nextId++;
    return new Promise<ResponseOf<M>>((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject });
      this.socket.send(JSON.stringify({ id, method, params: request }));
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.subscribe(event, listener as (payload: unknown) => void);
  }

  /** Told when the engine goes away, so the UI can say so instead of freezing. */
  onClosed(listener: () => void): () => void {
    return this.subscribe('bridge.closed', listener);
  }

  private subscribe(name: string, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  private emit(name: string, payload: unknown): void {
    for (const listener of this.listeners.get(name) ?? []) listener(payload);
  }

  private receive(text: string): void {
    let frame: ServerFrame;
    try {
      frame = ServerFrame.parse(JSON.parse(text));
    } catch {
      return; // not from our engine: ignore rather than act on it
    }
    if ('event' in frame) {
      if (!isEventName(frame.event)) return;
      const payload = eventSchemas[frame.event].safeParse(frame.payload);
      if (payload.success) this.emit(frame.event, payload.data);
      return;
    }
    const call = this.pending.get(frame.id);
    if (!call) return;
    this.pending.delete(frame.id);
    if (!frame.ok) {
      call.reject(new BridgeError(frame.error.code, frame.error.message, frame.error.hint));
      return;
    }
    const value = methods[call.method].response.safeParse(frame.value);
    if (value.success) call.resolve(value.data);
    else call.reject(new BridgeError('INVALID_RESPONSE', 'The engine answered with something the UI does not understand.'));
  }
}
