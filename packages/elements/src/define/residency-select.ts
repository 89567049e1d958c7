/** `import '@orgkit/elements/define/residency-select'` registers <residency-select> alone (skipped when already registered). */
import { defineElement } from '../registry.js';
import { ResidencySelect } from '../residency-select.js';

defineElement('residency-select', ResidencySelect);
