/**
 * The loaded packs, swapped as a whole on reload so readers never see half a reload: the built-in packs
 * (content/) for everyone, and each workspace's own packs (added from chat) for that workspace only.
 */
import type { ContentLoad, ContentProblem, ContentSource, StoreQueries } from './ports.ts';
import type { Pack, Question, Scope } from './types.ts';

/** Lookups over the packs one workspace sees. */
export interface PackSet {
  /** Built-in packs first (file-name order), then the workspace's own in the order they were added. */
  list(): Pack[];
  get(id: string): Pack | undefined;
  question(id: string): Question | undefined;
}

/** A workspace's own packs as last read from the store, and what it sees with the built-ins. */
interface WorkspaceCopy {
  version: number;
  own: Pack[];
  /** Built with the built-ins of generation `generation`. */
  generation: number;
  set: PackSet;
}

/** A PackSet over a list. */
function setOf(packs: Pack[]): PackSet {
  const byId = new Map(packs.map((p) => [p.id, p]));
  const questions = new Map<string, Question>();
  for (const p of packs) for (const q of p.questions) questions.set(q.id, q);
  return { list: () => packs, get: (id) => byId.get(id), question: (id) => questions.get(id) };
}

const keyOf = (s: Scope) => `${s.platform}\u0000${s.workspace}`;

/** What a (re)load found. */
export interface LoadReport {
  packs: number;
  questions: number;
  problems: ContentProblem[];
  /** Packs that are broken now but still served in their last good version. */
  kept: string[];
}

/** Holds the current packs and answers lookups by pack and question id. */
export class PackRegistry implements PackSet {
  private packs = new Map<string, Pack>();
  private questions = new Map<string, Question>();
  /** Bumped by every built-in reload, so workspace sets are rebuilt over the new built-ins. */
  private generation = 0;
  private workspaces = new Map<string, WorkspaceCopy>();
  /** Reads of a workspace's packs in flight, so callers arriving together share one. */
  private reading = new Map<string, Promise<WorkspaceCopy>>();
  /** The reload in progress, so reloads apply in the order they were asked for. */
  private pending: Promise<unknown> = Promise.resolve();

  constructor(readonly source: ContentSource) {}

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
    this.generation += 1;
    return { packs: this.packs.size, questions: questions.size, problems, kept };
  }

  /**
   * What `scope` sees: the built-ins and its own packs. One key lookup in the store says whether the
   * copy held here is current; when another instance (or this one) changed the workspace's packs, they
   * are read and parsed again. A workspace pack whose id, or a question id, a built-in pack now uses is
   * left out (the built-in wins; `/quiz pack add` refuses such ids in the first place).
   */
  async in(scope: Scope, store: Pick<StoreQueries, 'packs'>): Promise<PackSet> {
    const version = await store.packs.version(scope);
    const key = keyOf(scope);
    let copy = this.workspaces.get(key);
    if (!copy || copy.version !== version) {
      let pending = this.reading.get(key);
      if (!pending) {
        pending = this.readWorkspace(scope, store).finally(() => this.reading.delete(key));
        this.reading.set(key, pending);
      }
      copy = await pending;
    }
    if (copy.generation !== this.generation) copy = this.combine(key, copy.version, copy.own);
    return copy.set;
  }

  /** The built-in pack or question with this id, when a workspace pack would clash with it. */
  builtIn(id: string): { pack?: Pack; question?: Question } {
    return { pack: this.packs.get(id), question: this.questions.get(id) };
  }

  private async readWorkspace(scope: Scope, store: Pick<StoreQueries, 'packs'>): Promise<WorkspaceCopy> {
    // The version is read before the packs: a change landing between the two reads makes this copy
    // newer than its label at worst, so the next call reads them again.
    const version = await store.packs.version(scope);
    const own: Pack[] = [];
    for (const stored of await store.packs.list(scope)) {
      const pack = await this.source.parseStored(stored.markdown, `workspace:${stored.packId}`);
      if (pack) own.push(pack);
    }
    return this.combine(keyOf(scope), version, own);
  }

  private combine(key: string, version: number, own: Pack[]): WorkspaceCopy {
    const visible = own.filter((p) => !this.packs.has(p.id) && !p.questions.some((q) => this.questions.has(q.id)));
    const copy = { version, own, generation: this.generation, set: visible.length ? setOf([...this.packs.values(), ...visible]) : this };
    const held = this.workspaces.get(key);
    // Two reads racing: keep the newer.
    if (!held || held.version <= version) this.workspaces.set(key, copy);
    return copy;
  }

  /** Built-in packs in the source's order (file names), which is the order channels work through them. */
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
