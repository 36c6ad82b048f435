/**
 * Names, paths and reasons from a plan or a stack in the PR comment, shown literally: a resource
 * called `<img src=x>` or `**x** [link](y) @team` must not become HTML, emphasis, a link or a mention.
 */

/** Plain text: HTML characters become entities, Markdown punctuation is backslash-escaped, lines are joined. */
export function literalText(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]()#!|~@:]/g, "\\$&");
}

/** A code span that holds any text: its fence is longer than the longest run of backticks inside. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, " ");
  const fence = "`".repeat(longestBacktickRun(flat) + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fence for a fenced code block whose content may itself hold backtick fences. */
export function codeFence(content: string): string {
  return "`".repeat(Math.max(3, longestBacktickRun(content) + 1));
}

/** A table cell: an unescaped `|` would end the cell early. */
export function tableCell(markdown: string): string {
  return markdown.replace(/(?<!\\)\|/g, "\\|");
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}
