/** `cem analyze` (run by `pnpm build`): custom-elements.json from the elements' JSDoc and Lit decorators. */
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/define.ts', 'src/define/**', 'src/cdn.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
};
