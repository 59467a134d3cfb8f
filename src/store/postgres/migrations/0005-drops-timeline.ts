/** Schema version 5 on PostgreSQL: a workspace's drops in time order. */
import { sqlStep } from './step.ts';

export const up = sqlStep('CREATE INDEX drops_timeline ON drops (platform, workspace, opened_at, id);');
