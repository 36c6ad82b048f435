// Import rules of the code base, checked by `npm run lint:imports` (dependency-cruiser).
// Layers, from the bottom: leaf modules (pure data and limits) <- envs/, orders/events/, policy/
// <- modules/ (reusable constructs) <- orders/, reviews/ (the domains) <- stacks/ <- main.ts, bootstrap.ts.
// tools/ and test/ sit beside the top: they may import production code, never the other way.

/** Production code: what synth and the deployed function run. */
const PRODUCTION = "^(main\\.ts|bootstrap\\.ts|envs/|orders/|reviews/|policy/|stacks/|modules/|types/)";
/** Every project folder or entry point an import can reach. */
const PROJECT = "^(main\\.ts|bootstrap\\.ts|envs|orders|reviews|policy|stacks|modules|types|tools|test)(/|$)";
/** Modules that are data and limits only, importing no other project code: config and events may use them. */
const LEAF_MODULES = ["aws-limits", "sns-delivery-policy", "sns-filter-policy", "event-pattern", "input-transformer", "monitoring/alarm-kinds"];
const leafModules = (...names) => `^modules/(${names.join("|")})\\.ts$`;

/** A rule forbidding `from` to import any project file except the allowed paths. */
function importsOnly(name, comment, from, allowed, fromNot = []) {
  return { name, comment, severity: "error", from: { path: from, pathNot: fromNot }, to: { path: PROJECT, pathNot: allowed } };
}

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "Files importing each other (type-only imports included) cannot be understood or tested one at a time.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    importsOnly(
      "envs-are-config",
      "envs/ is typed data: it may use the AWS limits and delivery-policy rules it validates against, the alarm kinds and policy rule ids it names, nothing above them.",
      "^envs/",
      ["^envs/", leafModules("aws-limits", "sns-delivery-policy", "sns-filter-policy", "monitoring/alarm-kinds"), "^policy/rule-ids\\.ts$"],
    ),
    importsOnly(
      "events-are-leaves",
      "orders/events/ defines the event contract; every other layer reads it, so it reads only the pattern and transformer shapes.",
      "^orders/events/",
      ["^orders/events/", leafModules("event-pattern", "input-transformer")],
    ),
    importsOnly(
      "review-events-are-leaves",
      "reviews/events/ defines the reviews domain's event contract: it reads only the pattern and transformer shapes.",
      "^reviews/events/",
      ["^reviews/events/", leafModules("event-pattern", "input-transformer")],
    ),
    importsOnly(
      "leaf-modules-stay-leaves",
      "Config, events and policy may import these modules because they import no other project code.",
      leafModules(...LEAF_MODULES),
      [leafModules(...LEAF_MODULES)],
    ),
    importsOnly(
      "modules-are-reusable",
      "modules/ are constructs parameterised by props: no domain, stack, environment config or policy pack inside.",
      "^modules/",
      ["^modules/", "^types/"],
    ),
    importsOnly(
      "policy-reads-resources-only",
      "The policy pack judges synthesized resources: it knows AWS limits, not the stacks or constructs it checks.",
      "^policy/",
      ["^policy/", leafModules("aws-limits")],
    ),
    importsOnly(
      "functions-are-runtime-code",
      "Lambda function code is bundled and run on AWS: it may share the event contract, never construct code.",
      "^orders/functions/",
      ["^orders/functions/", "^orders/events/"],
    ),
    importsOnly(
      "domain-below-stacks",
      "orders/ composes modules into the domain; stacks compose the domain, never the reverse.",
      "^orders/",
      ["^orders/", "^modules/", "^envs/", "^types/"],
      ["^orders/(events|functions)/"],
    ),
    importsOnly(
      "reviews-domain-below-stacks",
      "reviews/ composes modules into the reviews domain: no stacks, and no other domain's code (the domains share modules, not each other).",
      "^reviews/",
      ["^reviews/", "^modules/", "^envs/", "^types/"],
      ["^reviews/events/"],
    ),
    {
      name: "production-without-tools",
      comment: "tools/ and test/ are for people and CI; synth and the deployed function must not load them.",
      severity: "error",
      from: { path: PRODUCTION },
      to: { path: "^(tools|test)/" },
    },
    {
      name: "tools-without-tests",
      comment: "Tests import tools to drive them; a tool importing test code would ship test helpers into npm scripts.",
      severity: "error",
      from: { path: "^tools/" },
      to: { path: "^test/" },
    },
    {
      name: "entry-points-not-imported",
      comment: "main.ts and bootstrap.ts synthesize when loaded; importing one runs a synth.",
      severity: "error",
      from: {},
      to: { path: "^(main|bootstrap)\\.ts$" },
    },
    {
      name: "production-without-dev-dependencies",
      comment: "`npm ci --omit=dev` must be enough to synth and to bundle the function.",
      severity: "error",
      from: { path: PRODUCTION },
      to: { dependencyTypes: ["npm-dev"] },
    },
    {
      name: "resolvable",
      comment: "An import that does not resolve fails at run time. `aws-lambda` is types only (@types/aws-lambda).",
      severity: "error",
      from: {},
      to: { couldNotResolve: true, pathNot: "^aws-lambda$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // TypeScript 7 has no JS API for dependency-cruiser; babel strips the types (see that file).
    babelConfig: { fileName: ".dependency-cruiser.babel.cjs" },
    enhancedResolveOptions: {
      extensions: [".ts", ".js", ".json"],
      exportsFields: ["exports"],
      conditionNames: ["require", "import", "node", "default"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
