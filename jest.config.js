// Tests are TypeScript, transformed by babel-jest with babel.config.js (types stripped only).
const transform = { "^.+\\.ts$": "babel-jest" };
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
