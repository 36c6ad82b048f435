// Emulator calls and workflow executions take seconds, not milliseconds.
jest.setTimeout(60_000);
