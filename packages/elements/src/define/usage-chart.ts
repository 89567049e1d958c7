/** `import '@orgkit/elements/define/usage-chart'` registers <usage-chart> alone (skipped when already registered). */
import { defineElement } from '../registry.js';
import { UsageChart } from '../usage-chart.js';

defineElement('usage-chart', UsageChart);
