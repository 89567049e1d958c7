/** `import '@orgkit/elements/define/usage-meters'` registers <usage-meters> alone (skipped when already registered). */
import { defineElement } from '../registry.js';
import { UsageMeters } from '../usage-meters.js';

defineElement('usage-meters', UsageMeters);
