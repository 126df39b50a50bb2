// The part of jsdom (a dependency of Framework, pinned in package.json) that scripts/csp.ts uses; jsdom ships no types.
declare module "jsdom" {
  export class JSDOM {
    constructor(html?: string);
    readonly window: Window & typeof globalThis;
  }
}
