/** The custom-elements manifest, generated from the elements' JSDoc when Storybook builds (.storybook/manifest.mjs). */
declare module 'virtual:orgkit/custom-elements' {
  const manifest: object;
  export default manifest;
}
