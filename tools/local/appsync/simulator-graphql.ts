import Module from "node:module";
import { dirname, sep } from "node:path";

/**
 * Loaded first in the simulator process. @aws-amplify/amplify-appsync-simulator runs on its own
 * graphql 15 (it calls graphql 15's positional execute()), but npm hoists the @graphql-tools
 * packages that build its schema next to this project's graphql 16, so they build a graphql-16
 * schema that graphql 15 then refuses ("Cannot use GraphQLSchema ... from another module or
 * realm"). Here `graphql` required from @graphql-tools resolves to the simulator's own copy.
 * Jest has its own module registry, which is why the simulator runs in a process of its own.
 */
const SIMULATOR_DIR = dirname(require.resolve("@aws-amplify/amplify-appsync-simulator/package.json"));
const GRAPHQL_TOOLS = `${sep}node_modules${sep}@graphql-tools${sep}`;

type Resolve = (request: string, parent: NodeModule | undefined, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const resolveFilename = loader._resolveFilename;

loader._resolveFilename = function (request, parent, ...rest) {
  if ((request === "graphql" || request.startsWith("graphql/")) && parent?.filename?.includes(GRAPHQL_TOOLS)) {
    return require.resolve(request, { paths: [SIMULATOR_DIR] });
  }
  return resolveFilename.call(this, request, parent, ...rest);
};
