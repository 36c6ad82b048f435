import { DynamoTable } from "../../../modules/dynamodb-table";
import type { PolicyStatement } from "../../../modules/policy-document";
import { testBus } from "../../support/fixtures";
import { testStack } from "../../support/synth";

/** A grantee that records what it was granted. */
function recordingGrantee() {
  const granted: PolicyStatement[] = [];
  return { granted, grant: (...statements: PolicyStatement[]) => void granted.push(...statements) };
}

describe("grant verbs", () => {
  it("bus.grantPutEvents allows events:PutEvents on that bus only", () => {
    const stack = testStack();
    const bus = testBus(stack);
    const grantee = recordingGrantee();
    bus.grantPutEvents(grantee);
    expect(grantee.granted).toEqual([{ Effect: "Allow", Action: "events:PutEvents", Resource: bus.busArn }]);
  });

  it("table.grantWriteData allows putting and updating single items, nothing else", () => {
    const table = new DynamoTable(testStack(), "Table", { name: "t", partitionKey: "id", deletionProtection: false });
    const grantee = recordingGrantee();
    table.grantWriteData(grantee);
    expect(grantee.granted).toEqual([{ Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:UpdateItem"], Resource: table.tableArn }]);
  });

  it("table.grantReadWriteData adds reads and deletes of single items, never scans", () => {
    const table = new DynamoTable(testStack(), "Table", { name: "t", partitionKey: "id", deletionProtection: false });
    const grantee = recordingGrantee();
    table.grantReadWriteData(grantee);
    expect(grantee.granted).toEqual([
      { Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], Resource: table.tableArn },
    ]);
  });
});
