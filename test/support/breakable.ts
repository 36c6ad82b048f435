/**
 * Valid data a test breaks on purpose (an environment file, an event) to see it refused: it deletes
 * fields and writes values of any type at any depth, so no type can describe what it holds.
 */
// biome-ignore lint/suspicious/noExplicitAny: the data is made invalid on purpose (fields deleted, values of the wrong type at any depth)
export type Breakable = Record<string, any>;
