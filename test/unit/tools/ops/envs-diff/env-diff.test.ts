import { environmentNamed } from "../../../../../envs";
import type { EnvironmentConfig } from "../../../../../envs";
import { parseEnvsDiffArgs } from "../../../../../tools/ops/envs-diff/args";
import { diffSynthesized, EnvironmentDiff } from "../../../../../tools/ops/envs-diff/env-diff";
import { formatEnvironmentDiff, formatEnvironmentDiffMarkdown, showPair } from "../../../../../tools/ops/envs-diff/format";
import { synthesizePlatform } from "../../../../support/synth";

const diffOf = (a: EnvironmentConfig, b: EnvironmentConfig) => diffSynthesized(a, synthesizePlatform(a).json, b, synthesizePlatform(b).json);
const settingPaths = (diff: EnvironmentDiff, block: string) =>
  diff.synth.differing.find((difference) => difference.block === block)?.settings.map((s) => s.path);

describe("staging vs prod on today's config", () => {
  const staging = environmentNamed("staging");
  const prod = environmentNamed("prod");
  let diff: EnvironmentDiff;
  beforeAll(() => {
    diff = diffOf(staging, prod);
  });

  it("lists the config fields that differ: retention, concurrency, filter policy, the extra pagers", () => {
    const paths = diff.config.map((difference) => difference.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "logRetentionDays",
        "archiveRetentionDays",
        "orderFlow.inventoryFunction.reservedConcurrency",
        "statusUpdates.webhooks.subscribers[0].filterPolicy.status[0]",
        "alarms.topic.subscribers[1].name",
        "planReview.blockStatefulChanges",
      ]),
    );
    expect(diff.config.find((difference) => difference.path === "logRetentionDays")).toEqual({ path: "logRetentionDays", a: 30, b: 365 });
  });

  it("lists the resources that differ in settings, pairing the renamed webhook subscriber", () => {
    expect(settingPaths(diff, "aws_cloudwatch_log_group.OrderFlow_OrderIntake_Logs")).toEqual(["retention_in_days"]);
    expect(settingPaths(diff, "aws_cloudwatch_event_archive.OrdersArchive")).toEqual(["retention_days"]);
    expect(settingPaths(diff, "aws_sns_topic_subscription.StatusUpdates_WebhookTopic_<statusUpdates.webhooks.subscribers[0]>")).toEqual(
      expect.arrayContaining(["filter_policy"]),
    );
    expect(diff.synth.onlyInA).toEqual([]);
    expect(diff.synth.onlyInB).toEqual(
      expect.arrayContaining(["aws_sns_topic_subscription.AlarmTopic_pager", "aws_sqs_queue.AlarmTopic_chat-DeadLetterQueue"]),
    );
  });

  it("reports nothing that comes from names, accounts, regions or state locations", () => {
    const text = formatEnvironmentDiff(diff);
    for (const raw of ["222222222222", "333333333333", "orders-staging", "orders-prod", "orders-tfstate", "staging/platform", "prod/platform"]) {
      expect(text).not.toContain(raw);
    }
    const paths = diff.config.map((difference) => difference.path);
    for (const naming of ["name", "namePrefix", "accountId", "region", "stateBackend.bucket", "stateBackend.key"]) expect(paths).not.toContain(naming);
    expect(diff.synth.differing.map((difference) => difference.block)).not.toContain("terraform");
    expect(settingPaths(diff, "aws_api_gateway_deployment.StatusUpdates_OrdersApi_Deployment")).toBeUndefined();
  });
});

describe("environments that differ only in names", () => {
  it("report no difference at all", () => {
    const staging = environmentNamed("staging");
    const renamed: EnvironmentConfig = {
      ...staging,
      name: "qa",
      namePrefix: "orders-qa",
      accountId: "444444444444",
      region: "us-west-2",
      stateBackend: { ...staging.stateBackend, bucket: "orders-tfstate-444444444444", key: "qa/platform.tfstate", region: "us-west-2" },
      eventBuses: { putEventsPrincipals: ["444444444444"] },
      statusUpdates: {
        ...staging.statusUpdates,
        polling: { ...staging.statusUpdates.polling!, callers: ["444444444444"] },
        webhooks: {
          ...staging.statusUpdates.webhooks!,
          subscribers: staging.statusUpdates.webhooks!.subscribers.map((subscriber) => ({
            ...subscriber,
            name: subscriber.name.replace("staging", "qa"),
            endpoint: subscriber.endpoint?.replace("staging", "qa"),
          })),
        },
      },
      reviews: {
        ...staging.reviews,
        api: { ...staging.reviews.api, callers: ["444444444444"] },
        customerService: {
          ...staging.reviews.customerService,
          subscribers: staging.reviews.customerService.subscribers.map((subscriber) => ({
            ...subscriber,
            endpoint: subscriber.endpoint.replace("staging", "qa"),
          })),
        },
      },
    };
    const diff = diffOf(staging, renamed);
    expect({ config: diff.config, synth: diff.synth }).toEqual({ config: [], synth: { onlyInA: [], onlyInB: [], differing: [] } });
    expect(formatEnvironmentDiff(diff)).toBe("staging vs qa (names, account ids, regions and partitions normalised)\nno differences");
  });
});

describe("dev vs prod", () => {
  it("shows the realtime API key that only dev has", () => {
    const diff = diffOf(environmentNamed("dev"), environmentNamed("prod"));
    expect(diff.config.map((difference) => difference.path)).toContain("statusUpdates.realtime.apiKey.expiresInDays");
    expect(diff.synth.onlyInA.some((block) => block.startsWith("aws_appsync_api_key."))).toBe(true);
  });
});

describe("envs diff output", () => {
  const diff: EnvironmentDiff = {
    a: "staging",
    b: "prod",
    config: [{ path: "logRetentionDays", a: 30, b: 365 }],
    synth: {
      onlyInA: [],
      onlyInB: ["aws_sqs_queue.Pager|Dlq"],
      differing: [{ block: "aws_cloudwatch_log_group.Logs", settings: [{ path: "retention_in_days", a: 30, b: 365 }] }],
    },
  };

  it("prints sections with counts for text", () => {
    expect(formatEnvironmentDiff(diff)).toBe(
      [
        "staging vs prod (names, account ids, regions and partitions normalised)",
        "",
        "config fields that differ (staging  |  prod) (1):",
        "  logRetentionDays: 30  |  365",
        "",
        "resources only in prod (1):",
        "  + aws_sqs_queue.Pager|Dlq",
        "",
        "resources that differ in settings (staging  |  prod) (1):",
        "  ~ aws_cloudwatch_log_group.Logs",
        "      retention_in_days: 30  |  365",
      ].join("\n"),
    );
  });

  it("prints Markdown tables with pipes escaped, for a pull request comment", () => {
    const markdown = formatEnvironmentDiffMarkdown(diff);
    expect(markdown).toContain("| `logRetentionDays` | `30` | `365` |");
    expect(markdown).toContain("| `aws_sqs_queue.Pager\\|Dlq` | only in prod | | |");
    expect(markdown).toContain("| `aws_cloudwatch_log_group.Logs` | `retention_in_days` | `30` | `365` |");
  });

  it("shows long values from shortly before their first difference", () => {
    const [a, b] = showPair(`${"x".repeat(300)}threshold 2000 end`, `${"x".repeat(300)}threshold 1000 end`);
    expect(a).toBe(`...${"x".repeat(30)}threshold 2000 end`);
    expect(b).toBe(`...${"x".repeat(30)}threshold 1000 end`);
  });
});

describe("envs diff arguments", () => {
  const known = ["local", "dev", "staging", "prod"];
  it("takes two known, different environments and --markdown", () => {
    expect(parseEnvsDiffArgs(["staging", "prod", "--markdown"], known)).toEqual({ a: "staging", b: "prod", markdown: true });
    expect(() => parseEnvsDiffArgs(["staging"], known)).toThrow(/needs two environments/);
    expect(() => parseEnvsDiffArgs(["staging", "qa"], known)).toThrow(/unknown environment "qa"; allowed: local, dev, staging, prod/);
    expect(() => parseEnvsDiffArgs(["prod", "prod"], known)).toThrow(/not prod with itself/);
  });
});
