type Envs = typeof import("../../../envs");

/** `envs` imported afresh, as a command run with `variable` set imports it (validated at import). */
function importEnvsWith(variable: string, value: string | undefined): Envs {
  const saved = process.env[variable];
  if (value === undefined) delete process.env[variable];
  else process.env[variable] = value;
  try {
    let envs: Envs | undefined;
    jest.isolateModules(() => (envs = require("../../../envs")));
    return envs!;
  } finally {
    if (saved === undefined) delete process.env[variable];
    else process.env[variable] = saved;
  }
}

describe("EMULATOR_PORT", () => {
  it("moves the local environment's emulator endpoint, and 4566 without it", () => {
    const endpoint = (port: string | undefined) => importEnvsWith("EMULATOR_PORT", port).environmentNamed("local").emulator?.endpoint;
    expect([endpoint("4605"), endpoint(undefined)]).toEqual(["https://127.0.0.1:4605", "https://127.0.0.1:4566"]);
  });

  it("that is not a port is refused naming the environment, the field and the value", () => {
    expect(() => importEnvsWith("EMULATOR_PORT", "45a6")).toThrow(/environment "local", field "emulator\.endpoint": got "https:\/\/127\.0\.0\.1:45a6"/);
  });
});

describe("WEBHOOK_PORT", () => {
  const receiver = (port: string | undefined) =>
    importEnvsWith("WEBHOOK_PORT", port)
      .environmentNamed("local")
      .statusUpdates.webhooks?.subscribers.find((subscriber) => subscriber.name === "local-receiver")?.endpoint;

  it("moves the local webhook receiver's endpoint, and 4580 without it", () => {
    expect([receiver("4606"), receiver(undefined)]).toEqual(["http://127.0.0.1:4606/webhooks/orders", "http://127.0.0.1:4580/webhooks/orders"]);
  });

  it("that is not a port is refused naming the environment, the field and the value", () => {
    expect(() => receiver("45a6")).toThrow(
      /environment "local", field "statusUpdates\.webhooks\.subscribers\.0\.endpoint": got "http:\/\/127\.0\.0\.1:45a6\/webhooks\/orders"/,
    );
  });
});
