/** Typed engine events, keyed by the contract's event map. */
import { type EventName, type EventPayload, eventNames } from '../../../preload/contract.js';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  /** Subscribes to every event, for transports that forward them all. */
  onAny(listener: <E extends EventName>(event: E, payload: EventPayload<E>) => void): () => void {
    // Every event of the contract (a hand-written list here once left progress, settings and support events behind).
    const unsubscribers = eventNames.map((event) => this.on(event, (payload) => listener(event, payload)));
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }
}
