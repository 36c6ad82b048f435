/** The environment diff as terminal text and as Markdown (for a pull request comment). */
import { EnvironmentDiff } from "./env-diff";
import { LeafDifference } from "./flatten";

const VALUE_MAX_CHARS = 160;
/** Characters kept before the first difference of two long values. */
const CONTEXT_CHARS = 40;
const ABSENT = "(absent)";

const asText = (value: unknown) => (value === undefined ? ABSENT : typeof value === "string" ? value : JSON.stringify(value));
const clip = (text: string) => (text.length > VALUE_MAX_CHARS ? `${text.slice(0, VALUE_MAX_CHARS - 3)}...` : text);

/**
 * Both sides of a difference, readable: long values (a dashboard body, a policy) start shortly
 * before their first differing character, so the difference is what is shown.
 */
export function showPair(a: unknown, b: unknown): [string, string] {
  const [left, right] = [asText(a), asText(b)];
  let common = 0;
  while (common < left.length && common < right.length && left[common] === right[common]) common++;
  const skip = Math.max(0, common - CONTEXT_CHARS);
  const from = (text: string) => clip(skip > 0 ? `...${text.slice(skip)}` : text);
  return [from(left), from(right)];
}

const NORMALISED = "names, account ids, regions and partitions normalised";

export function formatEnvironmentDiff(diff: EnvironmentDiff): string {
  const { a, b, config, synth } = diff;
  const leafLines = (differences: readonly LeafDifference[], indent: string) =>
    differences.map((difference) => `${indent}${difference.path}: ${showPair(difference.a, difference.b).join("  |  ")}`);
  const section = (title: string, lines: readonly string[], count = lines.length) => (count === 0 ? [] : ["", `${title} (${count}):`, ...lines]);
  const body = [
    ...section(`config fields that differ (${a}  |  ${b})`, leafLines(config, "  ")),
    ...section(
      `resources only in ${a}`,
      synth.onlyInA.map((block) => `  - ${block}`),
    ),
    ...section(
      `resources only in ${b}`,
      synth.onlyInB.map((block) => `  + ${block}`),
    ),
    ...section(
      `resources that differ in settings (${a}  |  ${b})`,
      synth.differing.flatMap((difference) => [`  ~ ${difference.block}`, ...leafLines(difference.settings, "      ")]),
      synth.differing.length,
    ),
  ];
  const heading = `${a} vs ${b} (${NORMALISED})`;
  return body.length === 0 ? `${heading}\nno differences` : [heading, ...body].join("\n");
}

/** Markdown for a pull request comment: one table of config fields, one of resources. */
export function formatEnvironmentDiffMarkdown(diff: EnvironmentDiff): string {
  const { a, b, config, synth } = diff;
  const cell = (text: string) => `\`${text.replace(/\|/g, "\\|").replace(/`/g, "'")}\``;
  const cells = (difference: LeafDifference) => showPair(difference.a, difference.b).map(cell).join(" | ");
  const lines = [`### ${a} vs ${b}`, "", `_${NORMALISED}_`];
  if (config.length > 0) {
    lines.push("", `| config field | ${a} | ${b} |`, "| --- | --- | --- |", ...config.map((d) => `| ${cell(d.path)} | ${cells(d)} |`));
  }
  const resourceRows = [
    ...synth.onlyInA.map((block) => `| ${cell(block)} | only in ${a} | | |`),
    ...synth.onlyInB.map((block) => `| ${cell(block)} | only in ${b} | | |`),
    ...synth.differing.flatMap((difference) => difference.settings.map((d) => `| ${cell(difference.block)} | ${cell(d.path)} | ${cells(d)} |`)),
  ];
  if (resourceRows.length > 0) lines.push("", `| resource | setting | ${a} | ${b} |`, "| --- | --- | --- | --- |", ...resourceRows);
  if (config.length === 0 && resourceRows.length === 0) lines.push("", "No differences.");
  return lines.join("\n");
}
