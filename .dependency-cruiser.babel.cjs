// Babel options dependency-cruiser parses TypeScript with. TypeScript 7 has no JS API, so
// dependency-cruiser cannot use the compiler; babel strips the types instead. A type-only
// import still couples two files (a cycle of `import type` is a cycle in the design), so it is
// turned into a plain import before the TypeScript preset would drop it.
const keepTypeOnlyImports = () => ({
  name: "keep-type-only-imports",
  visitor: {
    // Program, not ImportDeclaration: the TypeScript preset removes type imports on entering Program.
    Program(program) {
      for (const statement of program.node.body) {
        const isImport = statement.type === "ImportDeclaration";
        const isReExport = statement.type === "ExportNamedDeclaration" || statement.type === "ExportAllDeclaration";
        if (isImport) statement.importKind = "value";
        if (isReExport && statement.source) statement.exportKind = "value";
        for (const specifier of statement.specifiers ?? []) {
          if (isImport) specifier.importKind = "value";
          if (isReExport) specifier.exportKind = "value";
        }
      }
    },
  },
});

module.exports = {
  presets: [["@babel/preset-typescript", { onlyRemoveTypeImports: true }]],
  plugins: [keepTypeOnlyImports],
};
