/**
 * Saving the session after every change without saving it once per change: a change asks for
 * a save and waits for one that includes it; while one save is being written, the changes that
 * arrive meanwhile are all taken by the next. Each save is atomic (store.ts writeAtomically, with
 * fsync), so a kill leaves the last complete session on disk.
 */
export class Saver {
  private generation = 0;
  private savedGeneration = 0;
  private writing: Promise<void> | null = null;
  private waiters: { generation: number; resolve: () => void; reject: (err: unknown) => void }[] = [];

  /** `write` writes the current state (read when it runs, not when save() is called). */
  constructor(
    private readonly write: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Resolves once a save that started after this call is on disk (rejects if it failed). */
  save(): Promise<void> {
    const generation = ++this.generation;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ generation, resolve, reject }));
    this.writing ??= this.loop();
    return done;
  }

  /** Whether a save is being written (or about to be). */
  get busy(): boolean {
    return this.writing !== null;
  }

  /** Resolves when no save is being written. */
  async idle(): Promise<void> {
    await this.writing;
  }

  private async loop(): Promise<void> {
    while (this.savedGeneration < this.generation) {
      const generation = this.generation;
      let failure: unknown = null;
      try {
        await this.write();
      } catch (err) {
        failure = err;
        this.onError(err);
      }
      this.savedGeneration = generation;
      for (const w of this.waiters.filter((x) => x.generation <= generation)) {
        if (failure === null) w.resolve();
        else w.reject(failure);
      }
      this.waiters = this.waiters.filter((x) => x.generation > generation);
    }
    this.writing = null;
  }
}
