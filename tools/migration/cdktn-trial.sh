#!/usr/bin/env bash
# Repeats the CDK Terrain (cdktn) trial of docs/cdktf-to-cdktn.md: copies the project into a
# gitignored cache folder, moves the copy's core library from cdktf to cdktn while keeping the
# @cdktf/provider-aws bindings (npm overrides, the upgrade guide's mixed setup), synthesizes every
# environment with both, compares each cdk.tf.json, and runs terraform validate on the cdktn output.
# Needs the npm registry; not part of npm test. The project's own node_modules is never touched.
#
# usage: tools/migration/cdktn-trial.sh            (cache: .cache/cdktn-trial, or $CDKTN_TRIAL_DIR)
set -euo pipefail

CDKTN_VERSION=0.24.0
CDKTN_CLI_VERSION=0.24.0
# cdktn 0.24 peers constructs >=10.6.0 <10.8.0; the project pins 10.4.2.
CONSTRUCTS_VERSION=10.7.2

PROJECT="$(cd "$(dirname "$0")/../.." && pwd)"
CACHE="${CDKTN_TRIAL_DIR:-$PROJECT/.cache/cdktn-trial}"
BASELINE="$CACHE/cdktf"
TRIAL="$CACHE/cdktn"
REPORT="$CACHE/report"
export CHECKPOINT_DISABLE=1

step() { printf '\n==> %s\n' "$*"; }

copy_project() { # $1: destination
  rm -rf "$1"
  mkdir -p "$1"
  (cd "$PROJECT" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$1")
}

step "baseline: the project as it is (cdktf 0.21.0), in $BASELINE"
copy_project "$BASELINE"
ln -s "$PROJECT/node_modules" "$BASELINE/node_modules"
(cd "$BASELINE" && node --import tsx main.ts)

step "trial: a copy on cdktn $CDKTN_VERSION with @cdktf/provider-aws kept, in $TRIAL"
copy_project "$TRIAL"
(cd "$TRIAL" && node - "$CDKTN_VERSION" "$CDKTN_CLI_VERSION" "$CONSTRUCTS_VERSION" <<'JS'
const fs = require("node:fs");
const [cdktn, cli, constructs] = process.argv.slice(2);
const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
delete pkg.dependencies.cdktf;
delete pkg.devDependencies["cdktf-cli"];
pkg.dependencies.cdktn = cdktn;
pkg.dependencies.constructs = constructs;
pkg.devDependencies["cdktn-cli"] = cli;
// The prebuilt bindings import "cdktf" (peer ^0.21.0): resolve that name to cdktn, one copy for all.
pkg.overrides = { "@cdktf/provider-aws": { cdktf: `npm:cdktn@${cdktn}` } };
fs.writeFileSync("package.json", `${JSON.stringify(pkg, null, 2)}\n`);
JS
)
# Step 2 of the upgrade guide: imports of the core library move to "cdktn".
grep -rlE --include='*.ts' "from \"cdktf\"|require\(\"cdktf\"\)" "$TRIAL" \
  | xargs sed -i -E 's/from "cdktf"/from "cdktn"/; s/require\("cdktf"\)/require("cdktn")/'
# The lock file stays: npm changes only what the edit needs, so the Lambda bundle keeps the same
# AWS SDK versions (without it, a fresh resolution bundles newer ones and the asset hash changes).
(cd "$TRIAL" && npm install --no-audit --no-fund --loglevel=error 2>&1 | tail -20)
(cd "$TRIAL" && npm ls cdktf cdktn constructs @cdktf/provider-aws 2>&1 | sed 's/^/  /')

step "which core library each side loads"
(cd "$TRIAL" && node -e '
  const core = require.resolve("cdktn");
  const viaProvider = require.resolve("cdktf", { paths: [require.resolve("@cdktf/provider-aws/package.json")] });
  console.log(`app imports cdktn from ${core}`);
  console.log(`provider imports "cdktf" from ${viaProvider} (${require(viaProvider.replace(/lib\/index\.js$/, "package.json")).name})`);
')

step "typecheck of the trial copy (tsc -p .)"
(cd "$TRIAL" && npx tsc -p . 2>&1 | tail -20) || true

step "synth and terraform validate of every environment on cdktn (npm run validate)"
(cd "$TRIAL" && npm run -s validate 2>&1 | grep -E "^(==> |  (ok|FAIL) |    |All |policy pack|npm run validate failed)")

step "cdk.tf.json of every environment: cdktf vs cdktn (keys sorted; the library's version stamp reported apart)"
mkdir -p "$REPORT"
status=0
for stack in "$BASELINE"/cdktf.out/stacks/*/; do
  env="$(basename "$stack")"
  stamps="$(node -e '
    const fs = require("node:fs");
    const sorted = (v) => Array.isArray(v) ? v.map(sorted) : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v;
    const stamps = [];
    for (const [from, to] of [[process.argv[1], process.argv[3]], [process.argv[2], process.argv[4]]]) {
      const stack = JSON.parse(fs.readFileSync(from, "utf8"));
      // "//".metadata.version names the core library release that synthesized the stack.
      stamps.push(stack["//"].metadata.version);
      delete stack["//"].metadata.version;
      fs.writeFileSync(to, JSON.stringify(sorted(stack), null, 2) + "\n");
    }
    console.log(stamps.join(" -> "));' "$stack/cdk.tf.json" "$TRIAL/cdktf.out/stacks/$env/cdk.tf.json" "$REPORT/$env.cdktf.json" "$REPORT/$env.cdktn.json")"
  if diff -u "$REPORT/$env.cdktf.json" "$REPORT/$env.cdktn.json" > "$REPORT/$env.diff"; then
    echo "  $env: identical apart from the version stamp ($stamps)"
  else
    echo "  $env: $(grep -c '^[-+][^-+]' "$REPORT/$env.diff") lines differ besides the version stamp (see $REPORT/$env.diff):"
    grep '^[-+][^-+]' "$REPORT/$env.diff" | head -20 | sed 's/^/    /'
    status=1
  fi
done

step "the cdktn CLI ($CDKTN_CLI_VERSION asks for Node >= 22.19; this is $(node --version))"
# Reported, not a failure of the trial: the project synthesizes with node, not with the CLI.
if output="$(cd "$TRIAL" && timeout 300 npx cdktn synth 2>&1)"; then
  echo "  cdktn synth: ok"
else
  echo "  cdktn synth failed:"
  grep -m1 -A1 Error <<< "$output" | sed 's/^/    /'
fi
exit $status
