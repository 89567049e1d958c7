/** `import '@orgkit/elements/define/spend-caps'` registers <spend-caps> alone (skipped when already registered). */
import { defineElement } from '../registry.js';
import { SpendCaps } from '../spend-caps.js';

defineElement('spend-caps', SpendCaps);
