/** The loaded packs, swapped as a whole on reload so readers never see half a reload. */
import type { ContentProblem, ContentSource } from './ports.ts';
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

  constructor(private readonly source: ContentSource) {}

  /** Re-reads the source. A pack that now has errors keeps its last good version. */
  reload(): LoadReport {
    const { packs, problems } = this.source.load();
    const broken = new Set(problems.filter((p) => p.severity === 'error').map((p) => p.file));
    const next = new Map(packs.map((p) => [p.id, p]));
    const kept: string[] = [];
    for (const old of this.packs.values()) {
      if (!next.has(old.id) && broken.has(old.source)) {
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
