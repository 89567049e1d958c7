/** `import '@orgkit/elements/define/credit-balance'` registers <credit-balance> alone (skipped when already registered). */
import { defineElement } from '../registry.js';
import { CreditBalance } from '../credit-balance.js';

defineElement('credit-balance', CreditBalance);
