// The elements' own manifest config, without touching their package.json (run from packages/elements by manifest.mjs).
import base from '../../packages/elements/custom-elements-manifest.config.mjs';

export default { ...base, packagejson: false };
