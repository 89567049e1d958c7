/** `import '@orgkit/elements/define/plan-picker'` registers <plan-picker> alone (skipped when already registered). */
import { defineElement } from '../registry.js';
import { PlanPicker } from '../plan-picker.js';

defineElement('plan-picker', PlanPicker);
