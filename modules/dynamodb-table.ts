import { DynamodbTable as TableResource } from "@cdktf/provider-aws/lib/dynamodb-table";
import { Construct } from "constructs";
import { PolicyGrantee, PolicyStatement } from "./policy-document";

export interface DynamoTableProps {
  readonly name: string;
  /** String partition key. */
  readonly partitionKey: string;
  /** @default - items never expire */
  readonly timeToLiveAttribute?: string;
  readonly deletionProtection: boolean;
}

/** An on-demand table with point-in-time recovery and encryption at rest. */
export class DynamoTable extends Construct {
  readonly tableArn: string;
  readonly tableName: string;

  constructor(scope: Construct, id: string, props: DynamoTableProps) {
    super(scope, id);
    const table = new TableResource(this, "Resource", {
      name: props.name,
      billingMode: "PAY_PER_REQUEST",
      hashKey: props.partitionKey,
      attribute: [{ name: props.partitionKey, type: "S" }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
      deletionProtectionEnabled: props.deletionProtection,
      ...(props.timeToLiveAttribute && { ttl: { attributeName: props.timeToLiveAttribute, enabled: true } }),
    });
    this.tableArn = table.arn;
    this.tableName = table.name;
  }

  /** Write single items (no scans, no deletes). */
  writeItems(): PolicyStatement {
    return { Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:UpdateItem"], Resource: this.tableArn };
  }

  /** What Powertools idempotency needs: read, conditional put, update and delete of its own records. */
  readWriteItems(): PolicyStatement {
    return {
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
      Resource: this.tableArn,
    };
  }

  /** Lets a role put and update single items of this table. */
  grantWriteData(grantee: PolicyGrantee): void {
    grantee.grant(this.writeItems());
  }

  /** Lets a role read, put, update and delete single items of this table. */
  grantReadWriteData(grantee: PolicyGrantee): void {
    grantee.grant(this.readWriteItems());
  }
}
