/**
 * The self-contained bundle for `<script type="module" src=".../orgkit.js">`: every element, the client and the
 * context, with their dependencies, registering every tag on load. Also exports everything, for scripting.
 */
import { defineOrgKit } from './elements.js';

export * from './index.js';
export { OrgKitClient } from '@orgkit/client';

defineOrgKit();
