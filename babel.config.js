// Jest only: strip TypeScript types and turn imports into require(). No type check here:
// `tsc` runs first in `npm test`. Babel, not SWC or jest 30: both pull platform binaries our
// npm registry mirror lacks, which makes `npm ci` reject the lockfile.
module.exports = {
  presets: [["@babel/preset-typescript", { onlyRemoveTypeImports: false }]],
  plugins: ["@babel/plugin-transform-modules-commonjs"],
};
