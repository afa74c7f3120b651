import type { LifecycleEvent, LifecycleEventType } from './lifecycle-event';

/** Handles one event; a rejection counts as a failure and is retried. */
export type LifecycleEventHandler = (event: LifecycleEvent) => Promise<void>;

/** What happened to one published event, per handler. */
export interface DeliveryReport {
  delivered: string[];
  /** Handlers that failed every attempt; the event is in the dead-letter store for them. */
  deadLettered: string[];
}

/**
 * Where lifecycle transitions are announced. Deliberately small, so that a second implementation
 * (EventBridge on AWS: `publish` = `PutEvents` with `Source: 'prism.lifecycle'`,
 * `DetailType: event.type`, `Detail: JSON.stringify(event)`; `subscribe` = an EventBridge rule whose
 * target is a Lambda calling the handler, with the rule's retry policy and an SQS dead-letter
 * queue instead of ours) plugs in without touching the sealer or retention.
 */
export interface LifecycleEventBus {
  /** Announces an event; resolves once every subscribed handler has succeeded or been dead-lettered. */
  publish(event: LifecycleEvent): Promise<DeliveryReport>;
  /**
   * Adds a handler under a unique name (dead letters and replays refer to it), optionally only for
   * some event types. Returns a function that removes it.
   */
  subscribe(name: string, handler: LifecycleEventHandler, types?: readonly LifecycleEventType[]): () => void;
}
