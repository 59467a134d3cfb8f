/** Schema version 4 on PostgreSQL: "most overdue" reads a person's cards through the primary key. */
import { sqlStep } from './step.ts';

export const up = sqlStep('DROP INDEX cards_due;');
