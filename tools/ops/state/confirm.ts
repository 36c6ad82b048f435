/** How a destructive state command gets its go-ahead. */
export interface ConfirmationSource {
  /** `--yes` was given. */
  readonly yes: boolean;
  /** stdin is a terminal, so a person can answer. */
  readonly interactive: boolean;
  /** Asks the question and returns the answer typed. */
  ask(question: string): Promise<string>;
}

export class ConfirmationRequired extends Error {
  constructor(what: string) {
    super(`${what} needs confirmation: re-run with --yes, or from a terminal to answer the prompt`);
    this.name = "ConfirmationRequired";
  }
}

/**
 * True when the operator agreed: `--yes`, or typing exactly "yes" at the prompt (anything else,
 * including "y", declines). Without a terminal and without `--yes` it throws rather than guess.
 */
export async function confirmAction(what: string, source: ConfirmationSource): Promise<boolean> {
  if (source.yes) return true;
  if (!source.interactive) throw new ConfirmationRequired(what);
  const answer = await source.ask(`${what}? Type "yes" to continue: `);
  return answer.trim() === "yes";
}
