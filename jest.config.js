// Tests are TypeScript, transformed by babel-jest with babel.config.js (types stripped only).
const transform = { "^.+\\.ts$": "babel-jest" };
const tier = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: "node",
  transform,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // Scratch copies of the project (tools/migration/cdktn-trial.sh) share its package name.
  modulePathIgnorePatterns: ["<rootDir>/.cache/"],
  ...extra,
});

/** @type {import('jest').Config} */
module.exports = {
  // Always end with the failures' summary (by default only runs of over 20 files do); the
  // side-by-side runner repeats it after the interleaved lanes.
  reporters: [["default", { summaryThreshold: 0 }]],
  projects: [
    tier("unit"),
    tier("terraform"),
    // End to end: a fresh emulator, the local stack applied by the real terraform and provider.
    tier("emulator", {
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/emulator/isolated/"],
      globalSetup: "<rootDir>/test/emulator/global-setup.ts",
      globalTeardown: "<rootDir>/test/emulator/global-teardown.ts",
      setupFilesAfterEnv: ["<rootDir>/test/setup.ts", "<rootDir>/test/emulator/support/timeout.ts"],
    }),
    // Files that start emulators of their own: run beside the tier above (tools/test/side-by-side.ts).
    tier("emulator-isolated", {
      testMatch: ["<rootDir>/test/emulator/isolated/**/*.test.ts"],
      globalSetup: "<rootDir>/test/emulator/isolated/global-setup.ts",
      globalTeardown: "<rootDir>/test/emulator/isolated/global-teardown.ts",
      setupFilesAfterEnv: ["<rootDir>/test/setup.ts", "<rootDir>/test/emulator/support/timeout.ts"],
    }),
  ],
};
