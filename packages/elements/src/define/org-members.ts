/** `import '@orgkit/elements/define/org-members'` registers <org-members> alone (skipped when already registered). */
import { defineElement } from '../registry.js';
import { OrgMembers } from '../org-members.js';

defineElement('org-members', OrgMembers);
