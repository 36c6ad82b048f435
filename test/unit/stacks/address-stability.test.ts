import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { allEnvironments, synthesizePlatform } from "../../support/synth";

/**
 * Terraform addresses are the identity of deployed resources: an address that disappears is a
 * resource Terraform destroys and recreates. Each environment's committed list is checked against
 * its synth: every listed address must still exist, or be the `from` of a `moved` block whose
 * `to` exists. A new address fails until the list is regenerated, deliberately, with
 *   UPDATE_ADDRESSES=1 npx jest address-stability --selectProjects unit
 * which keeps every moved-from address (so the moves stay checked) and reports what it dropped.
 */

const SNAPSHOT_DIR = join(__dirname, "addresses");
const updating = process.env.UPDATE_ADDRESSES === "1";

interface MovedBlock {
  readonly from: string;
  readonly to: string;
}

function synthesizedAddresses(config: Parameters<typeof synthesizePlatform>[0]) {
  const stack = synthesizePlatform(config);
  const present = new Set(Object.entries(stack.resource).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`)));
  const moved: MovedBlock[] = JSON.parse(stack.json).moved ?? [];
  return { present, moved };
}

function readSnapshot(file: string): string[] {
  if (!existsSync(file)) {
    throw new Error(`${file} is missing; create it with UPDATE_ADDRESSES=1 npx jest address-stability --selectProjects unit`);
  }
  return JSON.parse(readFileSync(file, "utf8")).addresses;
}

describe.each(allEnvironments)("Terraform addresses of %s", (name, config) => {
  const file = join(SNAPSHOT_DIR, `${name}.json`);
  const { present, moved } = synthesizedAddresses(config);
  const movedTo = new Map(moved.map((block) => [block.from, block.to]));

  if (updating) {
    it("are written to the snapshot (UPDATE_ADDRESSES=1)", () => {
      const previous = existsSync(file) ? readSnapshot(file) : [];
      const kept = previous.filter((address) => present.has(address) || movedTo.has(address));
      const dropped = previous.filter((address) => !kept.includes(address));
      if (dropped.length > 0) console.warn(`${name}: dropped from the snapshot (destroyed on apply): ${dropped.join(", ")}`);
      const addresses = [...new Set([...kept, ...present])].sort();
      writeFileSync(file, `${JSON.stringify({ addresses }, null, 2)}\n`);
    });
    return;
  }

  const snapshot = readSnapshot(file);

  it("keep every deployed resource: each listed address exists or has moved to one that does", () => {
    const lost = snapshot.filter((address) => !present.has(address) && !present.has(movedTo.get(address) ?? ""));
    expect(lost).toEqual([]);
  });

  it("move only listed addresses, each to one that exists", () => {
    const unsound = moved.filter((block) => !snapshot.includes(block.from) || !present.has(block.to));
    expect(unsound).toEqual([]);
  });

  it("add no resource the snapshot does not list, other than move destinations (regenerate it deliberately when adding one)", () => {
    const destinations = new Set(moved.map((block) => block.to));
    const unlisted = [...present].filter((address) => !snapshot.includes(address) && !destinations.has(address)).sort();
    expect(unlisted).toEqual([]);
  });
});
