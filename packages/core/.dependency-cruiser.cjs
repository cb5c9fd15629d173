/**
 * Core's import rules, checked by `npm test` (see package.json's "deps"):
 * imports between the folders of src/ go one way, and the library layer
 * (the pool, what `@threadlab/core/pool` exports) imports nothing of the
 * benchmark harness built on it. Type-only imports count: a layer that needs
 * another's types depends on it.
 */
/** The library layer: the whole of `@threadlab/core/pool`. */
const LIBRARY = "^src/(pool|channel|adapter-kit)/|^src/pool-api\\.ts$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-folder-cycle",
      comment: "Every import between two folders of src/ goes one way: move what both sides need into a folder below them.",
      severity: "error",
      scope: "folder",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "only-entries-at-the-top",
      comment: "Files directly in src/ are the package's entries (index, pool-api, probe-api): no module in a folder imports them, so they cannot close a cycle.",
      severity: "error",
      from: { path: "^src/[^/]+/" },
      to: { path: "^src/[^/]+$" },
    },
    {
      name: "library-imports-no-harness",
      comment: "The pool (src/pool, src/channel, src/adapter-kit, src/pool-api.ts) is a library of its own: the harness may use it, never the other way.",
      severity: "error",
      from: { path: LIBRARY },
      to: { path: "^src/", pathNot: LIBRARY },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    moduleSystems: ["es6"],
  },
};
