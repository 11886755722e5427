import type { Incident, Item, OverrideRecord, PolicyDocument, Role, Seeds } from '../../shared/types';

/** Everything the engine reads: one incident with its policies, items, pinned seeds and analyst overrides. */
export interface EngineInput {
  incident: Incident;
  policies: PolicyDocument[];
  items: Item[];
  seeds?: Seeds;
  overrides?: OverrideRecord[];
}

/** An item after normalisation, with what later stages need. */
export interface Doc {
  item: Item;
  index: number;
  stems: string[];
  /** Content stems of the item's own text plus, weighted down, its reply/quote parent's. */
  parent: number | null;
  quote: number | null;
}

/** A role decision with its evidence. */
export interface RoleDecision {
  role: Role;
  reason: string;
}
