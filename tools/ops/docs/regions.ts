/**
 * Generated regions in Markdown: the text between `<!-- generated:NAME -->` and
 * `<!-- /generated:NAME -->` belongs to the docs generator; everything around it is written by hand.
 */

const REGION = /(<!-- generated:([a-z0-9-]+) -->\n)([\s\S]*?)(<!-- \/generated:\2 -->)/g;

/** The names of the generated regions a document holds, in order. */
export function regionNames(text: string): string[] {
  return [...text.matchAll(REGION)].map((match) => match[2]);
}

/** The document with every region's body replaced; a region without content fails loudly. */
export function fillRegions(text: string, contentOf: (name: string) => string | undefined, file: string): string {
  return text.replace(REGION, (_whole, open: string, name: string, _body: string, close: string) => {
    const content = contentOf(name);
    if (content === undefined) throw new Error(`${file}: no generator for the region "generated:${name}"`);
    return `${open}${content.trimEnd()}\n${close}`;
  });
}

/** The body of one region, for tests and for figures quoted elsewhere. */
export function regionBody(text: string, name: string): string | undefined {
  return [...text.matchAll(REGION)].find((match) => match[2] === name)?.[3];
}
