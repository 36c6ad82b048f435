/** A minimal Lambda entry for bundling tests. */
export const handler = async (event: unknown) => event;
