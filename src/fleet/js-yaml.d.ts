// The small part of js-yaml 4 the fast loader uses (the package ships no types).
declare module 'js-yaml' {
  interface Type {
    readonly tag: string;
  }
  interface Schema {
    extend(types: Type | Type[]): Schema;
  }
  interface LoaderState {
    readonly line: number;
    readonly result: unknown;
  }
  interface LoadOptions {
    filename?: string;
    schema?: Schema;
    json?: boolean;
    listener?: (event: 'open' | 'close', state: LoaderState) => void;
  }
  const jsyaml: {
    load(text: string, options?: LoadOptions): unknown;
    readonly CORE_SCHEMA: Schema;
    readonly types: { readonly merge: Type };
  };
  export default jsyaml;
}
