/** `import '@orgkit/elements/define/invoice-list'` registers <invoice-list> alone (skipped when already registered). */
import { defineElement } from '../registry.js';
import { InvoiceList } from '../invoice-list.js';

defineElement('invoice-list', InvoiceList);
