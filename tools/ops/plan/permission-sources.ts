import { decodePolicy, PolicyStatement, statementOf } from "./policy-statements";

/** A document's side of a change: its statements, none, or a value Terraform learns only while applying. */
export type DocumentSide = readonly PolicyStatement[] | "known after apply" | undefined;

/** One permission document of a resource, before and after the change. */
export interface DocumentChange {
  /** What the document is to a reviewer: "policy", "trust policy", "inline policy orders", "permission". */
  readonly document: string;
  readonly before: DocumentSide;
  readonly after: DocumentSide;
}

type Values = Readonly<Record<string, unknown>> | undefined;

/** A resource's values on one side of the change, with the attributes still unknown then. */
export interface ChangeSide {
  readonly values: Values;
  readonly unknown: Values;
}

interface PolicyAttribute {
  readonly attribute: string;
  readonly document: string;
  /**
   * Optional and computed (a queue's `policy` when a separate queue-policy resource sets it): an
   * unknown value on a new resource is the provider's read-back, not a document from the code.
   */
  readonly computed?: boolean;
}

const POLICY: PolicyAttribute = { attribute: "policy", document: "policy" };
const COMPUTED_POLICY: PolicyAttribute = { ...POLICY, computed: true };

/**
 * Every resource type whose change can grant or take away access, and where its document is.
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs
 */
const POLICY_ATTRIBUTES: Readonly<Record<string, readonly PolicyAttribute[]>> = {
  aws_iam_policy: [POLICY],
  aws_iam_role_policy: [POLICY],
  aws_iam_user_policy: [POLICY],
  aws_iam_group_policy: [POLICY],
  aws_iam_role: [{ attribute: "assume_role_policy", document: "trust policy" }],
  aws_cloudwatch_event_bus_policy: [POLICY],
  aws_sns_topic_policy: [POLICY],
  aws_sns_topic: [COMPUTED_POLICY],
  aws_sqs_queue_policy: [POLICY],
  aws_sqs_queue: [COMPUTED_POLICY],
  aws_s3_bucket_policy: [POLICY],
  aws_cloudwatch_log_resource_policy: [{ attribute: "policy_document", document: "resource policy" }],
  aws_kms_key: [COMPUTED_POLICY],
  aws_kms_key_policy: [POLICY],
  aws_api_gateway_rest_api: [COMPUTED_POLICY],
  aws_api_gateway_rest_api_policy: [POLICY],
  aws_secretsmanager_secret_policy: [POLICY],
  aws_ecr_repository_policy: [POLICY],
};

/** Attaching a managed policy grants all of it: the attachment is one statement naming the policy and who gets it. */
const ATTACHMENT_HOLDERS: Readonly<Record<string, string>> = {
  aws_iam_role_policy_attachment: "role",
  aws_iam_user_policy_attachment: "user",
  aws_iam_group_policy_attachment: "group",
};

export function carriesPermissions(type: string): boolean {
  return Object.hasOwn(POLICY_ATTRIBUTES, type) || Object.hasOwn(ATTACHMENT_HOLDERS, type) || type === "aws_lambda_permission";
}

/** The permission documents of one changed resource; throws naming the document when one is not a policy. */
export function documentChanges(type: string, before: ChangeSide, after: ChangeSide): DocumentChange[] {
  if (type === "aws_lambda_permission") return [{ document: "permission", before: lambdaPermission(before), after: lambdaPermission(after) }];
  const holder = ATTACHMENT_HOLDERS[type];
  if (holder) return [{ document: "managed policy attachment", before: attachment(before, holder), after: attachment(after, holder) }];
  const attributes = POLICY_ATTRIBUTES[type] ?? [];
  const documents = attributes.map((a) => {
    const old = side(before, a);
    const current = side(after, a);
    // A computed policy nobody set before stays the provider's business until it is read back.
    return { document: a.document, before: old, after: a.computed && old === undefined && current === "known after apply" ? undefined : current };
  });
  return [...documents, ...(type === "aws_iam_role" ? inlinePolicies(before, after) : [])].filter((d) => d.before !== undefined || d.after !== undefined);
}

function side(change: ChangeSide, { attribute, document }: PolicyAttribute): DocumentSide {
  if (change.unknown?.[attribute] === true) return "known after apply";
  if (!change.values) return undefined;
  try {
    return decodePolicy(change.values[attribute]);
  } catch (error) {
    throw new Error(`its ${document} (${attribute}): ${(error as Error).message}`);
  }
}

/** `inline_policy` blocks of a role, matched by name. */
function inlinePolicies(before: ChangeSide, after: ChangeSide): DocumentChange[] {
  const blocks = (change: ChangeSide) =>
    new Map(((change.values?.inline_policy as { name?: string; policy?: string }[] | undefined) ?? []).map((b) => [b.name ?? "", b]));
  const [old, current] = [blocks(before), blocks(after)];
  const afterUnknown = after.unknown?.inline_policy === true;
  return [...new Set([...old.keys(), ...current.keys()])]
    .filter((name) => name !== "")
    .map((name) => ({
      document: `inline policy ${name}`,
      before: decodePolicy(old.get(name)?.policy),
      after: afterUnknown ? "known after apply" : decodePolicy(current.get(name)?.policy),
    }));
}

/** A Lambda permission is one statement of the function's resource policy: action, principal, conditions. */
function lambdaPermission(change: ChangeSide): DocumentSide {
  const values = change.values;
  if (!values) return undefined;
  const field = (name: string): string | undefined => {
    if (change.unknown?.[name] === true) return "(known after apply)";
    const value = values[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const principal = field("principal");
  const condition = (operator: string, key: string, name: string) => (field(name) ? `${operator} ${key} = ${field(name)}` : undefined);
  return [
    statementOf({
      label: field("statement_id") ?? "#1",
      actions: [field("action")],
      resources: [[field("function_name"), field("qualifier")].filter(Boolean).join(":") || undefined],
      principals: [principal === undefined || principal === "*" ? principal : `${principal.endsWith(".amazonaws.com") ? "Service" : "AWS"}:${principal}`],
      conditions: [
        condition("ArnLike", "aws:SourceArn", "source_arn"),
        condition("StringEquals", "aws:SourceAccount", "source_account"),
        condition("StringEquals", "aws:PrincipalOrgID", "principal_org_id"),
        condition("StringEquals", "lambda:FunctionUrlAuthType", "function_url_auth_type"),
      ],
    }),
  ];
}

function attachment(change: ChangeSide, holder: string): DocumentSide {
  if (!change.values) return undefined;
  const known = (name: string) => (change.unknown?.[name] === true ? "(known after apply)" : String(change.values?.[name] ?? ""));
  return [statementOf({ label: "attachment", actions: [`(managed policy) ${known("policy_arn")}`], principals: [`${holder}:${known(holder)}`] })];
}
