import { apiFromDefinition } from "../../../../tools/local/api-gateway/local-api";
import { invokeLocally, signedApiRequest } from "../../../../tools/local/api-gateway/local-invoke";
import {
  ContextVariables,
  MappingTemplateError,
  escapeJavaScript,
  renderGatewayResponse,
  renderMappingTemplate,
  select,
} from "../../../../tools/local/api-gateway/mapping-templates";
import { toDraft7, validateAgainstModel } from "../../../../tools/local/api-gateway/model-validator";
import { ordersApiDefinition } from "../../../../orders/api/orders-api";
import { policiesAllow, roleOfSession } from "../../../../tools/local/api-gateway/caller-authorization";

const context: ContextVariables = {
  requestId: "r-1",
  accountId: "111111111111",
  apiId: "api",
  stage: "dev",
  httpMethod: "GET",
  resourcePath: "/things/{id}",
  path: "/dev/things/7",
  domainName: "api.execute-api.eu-west-1.amazonaws.com",
  requestTimeEpoch: 0,
  identity: {},
};
const params = { path: { id: "7" }, querystring: { id: "q", page: "2" }, header: { "X-Trace": "t-1", id: "h" } };
const render = (template: string, body = "{}", overrides?: Parameters<typeof renderMappingTemplate>[1]["overrides"]) =>
  renderMappingTemplate(template, { body, params, context, stageVariables: { table: "things" }, overrides });

describe("$util.escapeJavaScript (Apache Commons Lang semantics)", () => {
  it.each([
    [`it's`, `it\\'s`],
    [`say "hi"`, `say \\"hi\\"`],
    ["back\\slash", "back\\\\slash"],
    ["a/b", "a\\/b"],
    ["line\nnext\ttab\rcr\bbs\fff", "line\\nnext\\ttab\\rcr\\bbs\\fff"],
    ["\u0001", "\\u0001"],
    ["café", "caf\\u00E9"],
    ["😀", "\\uD83D\\uDE00"],
    ["plain-text 123", "plain-text 123"],
  ])("escapes %j as %j", (input, expected) => {
    expect(escapeJavaScript(input)).toBe(expected);
  });

  it("gives null for null, so a quiet reference renders nothing", () => {
    expect(escapeJavaScript(undefined)).toBeUndefined();
    expect(render(`[$!util.escapeJavaScript($input.path('$').missing)]`).output).toBe("[]");
  });
});

describe("$input", () => {
  it("gives the raw body, JSON of a path, and the value at a path", () => {
    const body = JSON.stringify({ a: { b: [1, { c: "x" }] } });
    expect(render(`$input.body|$input.json('$.a.b')|$input.path('$.a.b[1].c')|$input.json("$['a']['b'][0]")`, body).output).toBe(`${body}|[1,{"c":"x"}]|x|1`);
  });

  it("looks a parameter up in the path, then the query string, then the headers (case-insensitively)", () => {
    expect(render(`$input.params('id') $input.params('page') $input.params('x-trace') [$input.params('none')]`).output).toBe("7 2 t-1 []");
  });

  it("gives all parameters by location", () => {
    expect(render(`$input.params().querystring.page $input.params().header.get('X-Trace')`).output).toBe("2 t-1");
  });

  it("refuses a JSONPath it does not model", () => {
    expect(() => select({ a: [1] }, "$.a[*]")).toThrow(MappingTemplateError);
    expect(() => select({ a: 1 }, "a")).toThrow(/must start with \$/);
  });

  it("refuses a path that matches nothing rather than guessing how API Gateway renders it", () => {
    expect(() => render(`$input.json('$.missing')`)).toThrow(/matches nothing/);
  });

  it("refuses a body that is not JSON when a template reads it", () => {
    expect(() => render(`$input.json('$')`, "not json")).toThrow(/the payload is not JSON/);
  });
});

describe("$context overrides", () => {
  it("reads $context and $stageVariables", () => {
    expect(render(`$context.requestId $context.stage $stageVariables.table`).output).toBe("r-1 dev things");
  });

  it("returns a valid status override", () => {
    expect(render(`#set($context.responseOverride.status = 404)`).statusOverride).toBe(404);
  });

  it.each([[99], [600]])("ignores a status override of %s (not a status from 100 to 599)", (status) => {
    expect(render(`#set($context.responseOverride.status = ${status})`).statusOverride).toBeUndefined();
  });

  it("fails when an override is set twice: overrides are final", () => {
    expect(() => render(`#set($context.responseOverride.status = 400)#set($context.responseOverride.status = 500)`)).toThrow(
      /responseOverride\.status is set twice/,
    );
    expect(() => render(`#set($context.requestOverride.header.A = "1")#set($context.requestOverride.header.A = "2")`)).toThrow(
      /requestOverride\.header\.A is set twice/,
    );
  });

  it("hands the request template's overrides to the response template without changing the caller's copy", () => {
    const request = render(`#set($context.requestOverride.header.OrderId = "o-1")`);
    const response = render(`$context.requestOverride.header.OrderId#set($context.responseOverride.header.X = "y")`, "{}", request.overrides);
    expect(response.output).toBe("o-1");
    expect(response.overrides.responseOverride.header).toEqual({ X: "y" });
    expect(request.overrides.responseOverride.header).toEqual({});
  });
});

describe("Java and $util behaviour the templates rely on", () => {
  it("replaceAll takes a Java regular expression, as AWS's escapeJavaScript fix does", () => {
    expect(render(`$util.escapeJavaScript("it's").replaceAll("\\\\'","'")`).output).toBe("it's");
    expect(render(`$util.escapeJavaScript("a1b22").replaceAll("[0-9]+","#")`).output).toBe("a#b#");
  });

  it("parses stringified JSON with $util.parseJson", () => {
    expect(render(`$util.parseJson('{"k":[5]}').k[0]`).output).toBe("5");
  });

  it("refuses the $util functions it does not model", () => {
    expect(() => render(`$util.base64Encode("x")`)).toThrow(/\$util\.base64Encode is not implemented/);
  });

  it("substitutes $context variables in gateway responses without VTL", () => {
    expect(
      renderGatewayResponse(`{"message":$context.error.messageString,"id":"$context.requestId","x":"$context.nothing"}`, {
        requestId: "r-2",
        error: { messageString: '"Invalid request body"' },
      }),
    ).toBe(`{"message":"Invalid request body","id":"r-2","x":""}`);
  });
});

describe("model validation (draft 4 through Ajv)", () => {
  it("turns draft 4's boolean exclusiveMinimum into draft 7's number", () => {
    expect(toDraft7({ type: "number", minimum: 0, exclusiveMinimum: true })).toEqual({ type: "number", exclusiveMinimum: 0 });
    expect(toDraft7({ type: "number", minimum: 0 })).toEqual({ type: "number", minimum: 0 });
    expect(toDraft7({ type: "number", maximum: 9, exclusiveMaximum: true })).toEqual({ type: "number", exclusiveMaximum: 9 });
  });

  it("treats a draft 4 exclusive minimum as exclusive", () => {
    const schema = { type: "number", minimum: 0, exclusiveMinimum: true } as const;
    expect([validateAgainstModel(schema, 0).valid, validateAgainstModel(schema, 0.001).valid]).toEqual([false, true]);
  });

  it("refuses an unresolved reference", () => {
    expect(() => toDraft7({ $ref: "#/components/schemas/Order" })).toThrow(/resolve references before validating/);
  });
});

describe("invokeLocally on a broken template", () => {
  it("answers 500 Internal server error, as API Gateway does for a template it cannot apply", async () => {
    const definition = ordersApiDefinition({ integrationRoleArn: "arn:aws:iam::111111111111:role/r", region: "eu-west-1" });
    const api = apiFromDefinition(definition, { apiId: "api", stage: "dev", region: "eu-west-1", accountId: "111111111111" });
    const broken = {
      ...api,
      methods: api.methods.map((method) => ({
        ...method,
        integration: { ...method.integration, requestTemplates: { "application/json": `$input.json('$.missing')` } },
      })),
    };
    const request = await signedApiRequest(broken, { method: "GET", path: "/orders/x" }, { accessKeyId: "A", secretAccessKey: "s" });
    const response = await invokeLocally(broken, request, async () => ({ statusCode: 200, body: "{}" }));
    expect([response.statusCode, JSON.parse(response.body).message]).toEqual([500, "Internal server error"]);
  });
});

describe("the caller check after the signature (identity policies, as API Gateway evaluates them)", () => {
  const METHOD_ARN = "arn:aws:execute-api:eu-west-1:111111111111:api/dev/GET/orders/7/status";
  const allow = (resource: string | string[]) => ({ Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: resource }] });

  it("allows a method the role's policy names, with a path parameter as a wildcard", () => {
    expect(policiesAllow([allow("arn:aws:execute-api:eu-west-1:111111111111:api/dev/GET/orders/*/status")], "execute-api:Invoke", METHOD_ARN)).toBe(true);
  });

  it("refuses another stage, another API, or a method the policy does not name", () => {
    for (const resource of [
      "arn:aws:execute-api:eu-west-1:111111111111:api/prod/GET/orders/*/status",
      "arn:aws:execute-api:eu-west-1:111111111111:other/dev/GET/orders/*/status",
      "arn:aws:execute-api:eu-west-1:111111111111:api/dev/POST/orders",
    ]) {
      expect(policiesAllow([allow(resource)], "execute-api:Invoke", METHOD_ARN)).toBe(false);
    }
  });

  it("lets an explicit Deny win over an Allow", () => {
    const deny = { Statement: { Effect: "Deny", Action: "execute-api:*", Resource: "*" } };
    expect(policiesAllow([allow("*"), deny], "execute-api:Invoke", METHOD_ARN)).toBe(false);
  });

  it("knows a role session by its STS ARN, and nothing else", () => {
    expect(roleOfSession("arn:aws:sts::111111111111:assumed-role/orders-dev-orders-api-caller/s-1")).toBe(
      "arn:aws:iam::111111111111:role/orders-dev-orders-api-caller",
    );
    expect(roleOfSession("arn:aws:iam::111111111111:root")).toBeUndefined();
  });

  it("answers 403 with AWS's message when the caller may not invoke the method, before calling AWS", async () => {
    const api = apiFromDefinition(
      ordersApiDefinition({ integrationRoleArn: "arn:aws:iam::111111111111:role/r", region: "eu-west-1" }),
      { apiId: "api", stage: "dev", region: "eu-west-1", accountId: "111111111111" },
      {},
    );
    const request = await signedApiRequest(api, { method: "GET", path: "/orders/7/status" }, { accessKeyId: "AKIDOTHER", secretAccessKey: "s" });
    const asked: string[] = [];
    const authorizeCaller = async (accessKeyId: string, methodArn: string) => {
      asked.push(`${accessKeyId} ${methodArn}`);
      return { allowed: false, caller: "arn:aws:iam::111111111111:user/someone" };
    };
    const backend = jest.fn();
    const response = await invokeLocally(api, request, backend, { authorizeCaller });
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body).message).toBe(
      `User: arn:aws:iam::111111111111:user/someone is not authorized to perform: execute-api:Invoke on resource: ${METHOD_ARN}`,
    );
    expect(asked).toEqual([`AKIDOTHER ${METHOD_ARN}`]);
    expect(backend).not.toHaveBeenCalled();
  });
});
