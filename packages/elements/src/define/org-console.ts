/**
 * `import '@orgkit/elements/define/org-console'` registers <org-console> — and every OrgKit tag it composes
 * (<org-provider>, <org-settings>, <org-members>, <plan-picker> …), skipping tags already registered.
 */
import { defineOrgKit } from '../elements.js';

defineOrgKit();
