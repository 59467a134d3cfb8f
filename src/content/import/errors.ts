/** Why an import cannot go on at all (unreadable bank, nowhere to write); the CLI exits 1 with the message. */
import { StepwiseError } from '../../core/errors.ts';

/** The bank or the output cannot be used; the message is one line, shown as is. */
export class ImportError extends StepwiseError {
  override name = 'ImportError';
}
