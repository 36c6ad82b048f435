/**
 * Reads back what cdktf writes into resolved Terraform config: `${jsonencode({...})}` expressions
 * and plain JSON strings. cdktf renders a jsonencode argument as an HCL object (`{"k" = v}`) whose
 * Terraform references are bare (`aws_sqs_queue.Q.arn`); here they become `"${aws_sqs_queue.Q.arn}"`,
 * the form references take everywhere else in the config.
 */

/** Decodes a `${jsonencode(...)}` expression; throws when the value is not one. */
export function decodeJsonencode(value: string): unknown {
  const body = /^\$\{jsonencode\(([\s\S]*)\)\}$/.exec(value)?.[1];
  if (body === undefined) throw new Error(`not a jsonencode expression: ${value.slice(0, 80)}`);
  return new HclReader(body).readDocument();
}

/**
 * A JSON document held in a string attribute (a policy, a redrive policy, an OpenAPI body), or
 * undefined when the value is not one the pack can read (e.g. a data source's `.json`).
 */
export function readJsonDocument(value: unknown): unknown {
  if (typeof value !== "string") return value !== null && typeof value === "object" ? value : undefined;
  try {
    return value.startsWith("${jsonencode(") ? decodeJsonencode(value) : JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** The subset of HCL expression syntax cdktf emits inside jsonencode(...). */
class HclReader {
  private at = 0;

  constructor(private readonly text: string) {}

  readDocument(): unknown {
    const value = this.readValue();
    this.skipSpace();
    if (this.at !== this.text.length) this.fail("unexpected text after the value");
    return value;
  }

  private readValue(): unknown {
    this.skipSpace();
    const char = this.text[this.at];
    if (char === "{") return this.readObject();
    if (char === "[") return this.readList();
    if (char === '"') return this.readString();
    return this.readBareword();
  }

  private readObject(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.expect("{");
    this.skipSpace();
    while (this.text[this.at] !== "}") {
      const key = this.readString();
      this.skipSpace();
      if (this.text[this.at] === "=" || this.text[this.at] === ":") this.at += 1;
      else this.fail('expected "=" after an object key');
      result[key] = this.readValue();
      this.skipSeparator("}");
    }
    this.at += 1;
    return result;
  }

  private readList(): unknown[] {
    const result: unknown[] = [];
    this.expect("[");
    this.skipSpace();
    while (this.text[this.at] !== "]") {
      result.push(this.readValue());
      this.skipSeparator("]");
    }
    this.at += 1;
    return result;
  }

  /** A quoted string; `$${` is HCL's escape for a literal `${`. */
  private readString(): string {
    this.expect('"');
    let result = "";
    let depth = 0;
    while (this.at < this.text.length) {
      const char = this.text[this.at];
      if (char === '"' && depth === 0) {
        this.at += 1;
        return result;
      }
      if (char === "\\") {
        const next = this.text[this.at + 1];
        result += next === "n" ? "\n" : next === "t" ? "\t" : next;
        this.at += 2;
        continue;
      }
      if (this.text.startsWith("$${", this.at)) {
        result += "$${";
        this.at += 3;
        continue;
      }
      // Quotes inside an interpolation (`"${lookup(x, "k")}"`) do not end the string.
      if (this.text.startsWith("${", this.at)) depth += 1;
      else if (char === "}" && depth > 0) depth -= 1;
      result += char;
      this.at += 1;
    }
    return this.fail("unterminated string");
  }

  /** A number, true/false/null, or a bare expression (reference or function call) kept as `${...}`. */
  private readBareword(): unknown {
    const start = this.at;
    let depth = 0;
    while (this.at < this.text.length) {
      const char = this.text[this.at];
      if (char === '"') {
        this.readString();
        continue;
      }
      if (char === "(" || char === "[" || char === "{") depth += 1;
      else if (char === ")" || char === "]" || char === "}") {
        if (depth === 0) break;
        depth -= 1;
      } else if (char === "," && depth === 0) break;
      this.at += 1;
    }
    const word = this.text.slice(start, this.at).trim();
    if (word === "") this.fail("expected a value");
    if (word === "true" || word === "false") return word === "true";
    if (word === "null") return null;
    if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(word)) return Number(word);
    return `\${${word}}`;
  }

  private skipSeparator(closer: string): void {
    this.skipSpace();
    if (this.text[this.at] === ",") this.at += 1;
    else if (this.text[this.at] !== closer) this.fail(`expected "," or "${closer}"`);
    this.skipSpace();
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.at] ?? "")) this.at += 1;
  }

  private expect(char: string): void {
    if (this.text[this.at] !== char) this.fail(`expected "${char}"`);
    this.at += 1;
  }

  private fail(problem: string): never {
    throw new Error(`cannot read jsonencode argument at ${this.at}: ${problem} in ${this.text.slice(Math.max(0, this.at - 30), this.at + 30)}`);
  }
}
