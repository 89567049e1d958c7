/** `import '@orgkit/elements/define/org-provider'` registers <org-provider> alone (skipped when already registered). */
import { defineElement } from '../registry.js';
import { OrgProvider } from '../provider.js';

defineElement('org-provider', OrgProvider);
