/** The loaded packs, swapped as a whole on reload so readers never see half a reload. */
import type { ContentLoad, ContentProblem, ContentSource } from './ports.ts';
import type { Pack, Question } from './types.ts';

/** What a (re)load found. */
export interface LoadReport {
  packs: number;
  questions: number;
  problems: ContentProblem[];
  /** Packs that are broken now but still served in their last good version. */
  kept: string[];
}

/** Holds the current packs and answers lookups by pack and question id. */
export class PackRegistry {
  private packs = new Map<string, Pack>();
  private questions = new Map<string, Question>();
  /** The reload in progress, so reloads apply in the order they were asked for. */
  private pending: Promise<unknown> = Promise.resolve();

  constructor(private readonly source: ContentSource) {}

  /** Re-reads the source in one go (start-up). A pack that now has errors keeps its last good version. */
  reload(): LoadReport {
    return this.apply(this.source.load());
  }

  /**
   * Re-reads the source without blocking the event loop (`/quiz reload` in a running bot). Readers
   * keep the current packs until the new ones are swapped in at once; two reloads asked for together
   * run one after the other, so an older read never replaces a newer one.
   */
  reloadAsync(): Promise<LoadReport> {
    const next = this.pending.then(
      () => this.source.loadAsync(),
      () => this.source.loadAsync(),
    );
    this.pending = next;
    return next.then((loaded) => this.apply(loaded));
  }

  private apply({ packs, problems }: ContentLoad): LoadReport {
    // A problem may name a file or a whole folder (one that cannot be read now): packs under it are kept.
    const errors = problems.filter((p) => p.severity === 'error');
    const files = new Set(errors.map((p) => p.file));
    const folders = [...new Set(errors.filter((p) => p.line === 0).map((p) => `${p.file}/`))];
    const isBroken = (source: string) => files.has(source) || folders.some((f) => source.startsWith(f));
    const next = new Map(packs.map((p) => [p.id, p]));
    const kept: string[] = [];
    for (const old of this.packs.values()) {
      if (!next.has(old.id) && isBroken(old.source)) {
        next.set(old.id, old);
        kept.push(old.id);
      }
    }
    const questions = new Map<string, Question>();
    for (const pack of next.values()) for (const q of pack.questions) questions.set(q.id, q);
    this.packs = next;
    this.questions = questions;
    return { packs: this.packs.size, questions: questions.size, problems, kept };
  }

  /** Packs in the source's order (file names), which is the order channels work through them. */
  list(): Pack[] {
    return [...this.packs.values()];
  }

  get(id: string): Pack | undefined {
    return this.packs.get(id);
  }

  question(id: string): Question | undefined {
    return this.questions.get(id);
  }
}
