import type { Incident } from '../../shared/types';
import type { StoredItem } from '../store/items';


/** What a collector stage gets from the job runner: the incident, its checkpoint, and where to put what it finds. */
export interface StageContext<S> {
  incident: Incident;
  /** The source's id (its key in collect_state and fetch_errors). */
  sourceId: string;
  /** The checkpoint the last run left, or undefined on a first run. */
  state: S | undefined;
  signal?: AbortSignal;
  /** The current time, ISO 8601 (injectable for tests). */
  now(): string;
  /**
   * Stores items and the new checkpoint in one transaction, so a crash leaves either both or neither; announces
   * and analyses the new ones. Returns the ids of the items that were new.
   */
  commit(items: StoredItem[], state: S): string[];
  /** Records a failure that did not stop the source (one page, one URL). */
  recordError(url: string | null, message: string, transient: boolean): void;
  /** Notes something worth telling the user (a wait, a sign-in). */
  note(message: string): void;
}
