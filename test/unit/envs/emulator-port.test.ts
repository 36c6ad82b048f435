type Envs = typeof import("../../../envs");

/** `envs` imported afresh, as a command run with EMULATOR_PORT set imports it (validated at import). */
function importEnvsWith(port: string | undefined): Envs {
  const saved = process.env.EMULATOR_PORT;
  if (port === undefined) delete process.env.EMULATOR_PORT;
  else process.env.EMULATOR_PORT = port;
  try {
    let envs: Envs | undefined;
    jest.isolateModules(() => (envs = require("../../../envs")));
    return envs!;
  } finally {
    if (saved === undefined) delete process.env.EMULATOR_PORT;
    else process.env.EMULATOR_PORT = saved;
  }
}

describe("EMULATOR_PORT", () => {
  it("moves the local environment's emulator endpoint, and 4566 without it", () => {
    const endpoint = (port: string | undefined) => importEnvsWith(port).environmentNamed("local").emulator?.endpoint;
    expect([endpoint("4605"), endpoint(undefined)]).toEqual(["https://127.0.0.1:4605", "https://127.0.0.1:4566"]);
  });

  it("that is not a port is refused naming the environment, the field and the value", () => {
    expect(() => importEnvsWith("45a6")).toThrow(/environment "local", field "emulator\.endpoint": got "https:\/\/127\.0\.0\.1:45a6"/);
  });
});
