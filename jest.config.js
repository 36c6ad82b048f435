// Tests are TypeScript, transformed by SWC (no type check here: `tsc` runs first in `npm test`).
const transform = {
  "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
};
const tier = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: "node",
  transform,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  ...extra,
});

/** @type {import('jest').Config} */
module.exports = {
  projects: [tier("unit"), tier("terraform")],
};
