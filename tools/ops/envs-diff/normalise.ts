/**
 * What makes two environments' names differ without differing in behaviour: the name prefix,
 * account id, region, partition and environment name. Replaced by placeholders on both sides so a
 * comparison only reports settings.
 */
import { EnvironmentConfig } from "../../../envs";

export interface Substitution {
  readonly from: string;
  readonly to: string;
  /**
   * Only where `from` is a whole segment of an id or name (between `_`, `-`, `/` or quotes), never
   * inside a dotted host name: a subscriber named "partner" leaves "webhooks.partner.example.com" alone.
   */
  readonly segmentOnly?: boolean;
}

export const PLACEHOLDER = { prefix: "<prefix>", account: "<account>", region: "<region>", environment: "<env>", partition: "<partition>" } as const;

/** Most specific first: the prefix holds the environment name, so it goes before it. */
export function environmentSubstitutions(config: Pick<EnvironmentConfig, "name" | "namePrefix" | "accountId" | "region">): Substitution[] {
  return [
    { from: config.namePrefix, to: PLACEHOLDER.prefix },
    { from: config.accountId, to: PLACEHOLDER.account },
    { from: config.region, to: PLACEHOLDER.region },
    { from: config.name, to: PLACEHOLDER.environment },
  ];
}

/** cdktf's logical ids end in an 8-hex-digit hash of the construct path; paths are compared without it. */
const LOGICAL_ID_HASH = /_[0-9A-F]{8}(?![A-Za-z0-9])/g;
const PARTITION = /\barn:aws(-cn|-us-gov|-iso|-iso-b)?:/g;
/**
 * SHA-256 digests (a REST API deployment's redeployment trigger) hash settings that are compared
 * themselves, names included; the digest differs whenever a name does, so it is not compared.
 */
const SHA256_HEX = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g;

/**
 * `text` with every substitution applied as a whole token (not inside a longer word: "prod" stays
 * in "product"), partitions and logical id hashes normalised.
 */
export function normaliseText(text: string, substitutions: readonly Substitution[]): string {
  let result = text.replace(PARTITION, `arn:${PLACEHOLDER.partition}:`);
  for (const { from, to, segmentOnly } of substitutions) {
    const edge = segmentOnly ? "A-Za-z0-9." : "A-Za-z0-9";
    result = result.replace(new RegExp(`(?<![${edge}])${escapeRegExp(from)}(?![${edge}])`, "g"), to);
  }
  return result.replace(LOGICAL_ID_HASH, "").replace(SHA256_HEX, "<sha256>");
}

/** A JSON-compatible value normalised in every string and key. */
export function normaliseJson<T>(value: T, substitutions: readonly Substitution[]): T {
  return JSON.parse(normaliseText(JSON.stringify(value), substitutions)) as T;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
