import { analyzeIncident, placeNewItems } from '../store/analysis';
import type { Db } from '../store/db';

/** The analysis engine's store entry points (server/store/analysis.ts). */
interface EngineModule {
  analyzeIncident(db: Db, incidentId: string): unknown;
  placeNewItems(db: Db, incidentId: string, itemIds: string[]): unknown;
}

/** The analysis engine; async and nullable so a build without it still serves. */
export function engine(): Promise<EngineModule | null> {
  return Promise.resolve({ analyzeIncident, placeNewItems });
}
