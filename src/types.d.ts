// Minimal declarations for libraries that ship no types. Keep them narrow: only what the code uses.
declare module "@observablehq/inputs" {
  export function select<T>(data: readonly T[] | Map<string, T>, options?: Record<string, unknown>): HTMLElement & {value: T};
  export function radio<T>(data: readonly T[] | Map<string, T>, options?: Record<string, unknown>): HTMLElement & {value: T};
  export function checkbox<T>(data: readonly T[] | Map<string, T>, options?: Record<string, unknown>): HTMLElement & {value: T[]};
  export function range(extent: [number, number], options?: Record<string, unknown>): HTMLElement & {value: number};
  export function text(options?: Record<string, unknown>): HTMLElement & {value: string};
  export function search<T>(data: readonly T[], options?: Record<string, unknown>): HTMLElement & {value: T[]};
  export function table<T>(data: readonly T[], options?: Record<string, unknown>): HTMLElement;
  export function form<T>(inputs: Record<string, HTMLElement> | HTMLElement[], options?: Record<string, unknown>): HTMLElement & {value: T};
  export function button(content: unknown, options?: Record<string, unknown>): HTMLElement;
  export function toggle(options?: Record<string, unknown>): HTMLElement & {value: boolean};
}
declare module "htl" {
  export function html(strings: TemplateStringsArray, ...values: unknown[]): HTMLElement;
  export function svg(strings: TemplateStringsArray, ...values: unknown[]): SVGElement;
}
