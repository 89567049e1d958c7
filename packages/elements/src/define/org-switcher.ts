/** `import '@orgkit/elements/define/org-switcher'` registers <org-switcher> alone (skipped when already registered). */
import { defineElement } from '../registry.js';
import { OrgSwitcher } from '../org-switcher.js';

defineElement('org-switcher', OrgSwitcher);
