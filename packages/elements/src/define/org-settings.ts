/** `import '@orgkit/elements/define/org-settings'` registers <org-settings> alone (skipped when already registered). */
import { defineElement } from '../registry.js';
import { OrgSettings } from '../org-settings.js';

defineElement('org-settings', OrgSettings);
