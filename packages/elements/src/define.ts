/** `import '@orgkit/elements/define'` registers every OrgKit tag under its own name. */
import { defineOrgKit } from './elements.js';

defineOrgKit();
