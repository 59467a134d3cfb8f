/** Scenarios that need the platform adapters and fakes (bursts, start-up); registered by name. */
import type { Figure } from './lib.ts';

/** Extra scenarios, keyed by name. */
export function SCENARIOS_EXTRA(_quick: boolean): Record<string, () => Promise<Figure[]>> {
  return {};
}
