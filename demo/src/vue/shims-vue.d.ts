// Single-file components for TypeScript (tsc checks the .ts around them; Vite compiles the .vue files).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
