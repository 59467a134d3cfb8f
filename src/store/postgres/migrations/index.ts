/**
 * Append-only list of PostgreSQL schema steps; version N is the Nth entry and matches SQLite's
 * version N (a contract test compares the two lists). Adding a version: one file here, one line below.
 */
import type { PgStep } from './step.ts';
import { up as initial } from './0001-initial.ts';
import { up as review } from './0002-review.ts';
import { up as scoreTotals } from './0003-score-totals.ts';
import { up as leanWrites } from './0004-lean-writes.ts';
import { up as dropsTimeline } from './0005-drops-timeline.ts';
import { up as streaks } from './0006-streaks.ts';
import { up as liveDrops } from './0007-live-drops.ts';
import { up as deliveries } from './0008-deliveries.ts';
import { up as hints } from './0009-hints.ts';
import { up as flatReads } from './0010-flat-reads.ts';
import { up as installations } from './0011-installations.ts';
import { up as workspaceSettings } from './0012-workspace-settings.ts';
import { up as workspacePacks } from './0013-workspace-packs.ts';
import { up as weeklyPosts } from './0014-weekly-posts.ts';
import { up as zoneRebuild } from './0015-zone-rebuild.ts';
import { up as suggestions } from './0016-suggestions.ts';
import { up as boundedReads } from './0017-bounded-reads.ts';

/** A schema step for PostgreSQL. */
export interface PgMigration {
  version: number;
  name: string;
  up: PgStep;
}

export const PG_MIGRATIONS: PgMigration[] = [
  { version: 1, name: 'initial', up: initial },
  { version: 2, name: 'review', up: review },
  { version: 3, name: 'score-totals', up: scoreTotals },
  { version: 4, name: 'lean-writes', up: leanWrites },
  { version: 5, name: 'drops-timeline', up: dropsTimeline },
  { version: 6, name: 'streaks', up: streaks },
  { version: 7, name: 'live-drops', up: liveDrops },
  { version: 8, name: 'deliveries', up: deliveries },
  { version: 9, name: 'hints', up: hints },
  { version: 10, name: 'flat-reads', up: flatReads },
  { version: 11, name: 'installations', up: installations },
  { version: 12, name: 'workspace-settings', up: workspaceSettings },
  { version: 13, name: 'workspace-packs', up: workspacePacks },
  { version: 14, name: 'weekly-posts', up: weeklyPosts },
  { version: 15, name: 'zone-rebuild', up: zoneRebuild },
  { version: 16, name: 'suggestions', up: suggestions },
  { version: 17, name: 'bounded-reads', up: boundedReads },
];
