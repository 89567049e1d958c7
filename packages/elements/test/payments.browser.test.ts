import { expect, waitUntil } from '@open-wc/testing';
import { simulatedCheckout, stripeCheckout } from '../src/index.js';
import type { Mock } from './helpers.js';
import { installFakeStripe, mock } from './helpers.js';

describe('the payment path', () => {
  let m: Mock;
  beforeEach(async () => {
    m = await mock('fresh-free');
  });
  afterEach(() => {
    m.stop();
    delete (window as { Stripe?: unknown }).Stripe;
  });

  it('BILL-4 Stripe: loadStripe(publishable key), embedded checkout with the client secret from the backend, mount and destroy', async () => {
    const fake = installFakeStripe();
    const client = m.clientFor('owner');
    const session = await client.checkout.start(m.state.orgId, { purpose: 'subscription', planId: 'lite', interval: 'month' });
    const container = document.createElement('div');
    document.body.append(container);
    let completed = 0;
    const handle = await stripeCheckout('pk_test_orgkit').mount(container, session, m.state.orgId, { onComplete: () => void (completed += 1), onError: () => undefined });
    expect(fake.keys).to.deep.equal(['pk_test_orgkit']);
    expect(fake.secrets).to.deep.equal([session.clientSecret]);
    expect(session.clientSecret).to.match(/_secret_/);
    expect(fake.mounted).to.deep.equal([container]);
    fake.complete?.();
    expect(completed).to.equal(1);
    handle.destroy();
    expect(fake.destroyed).to.equal(1);
    container.remove();
  });

  it('CHG-3 the simulated checkout pays through the mock: the plan changes as soon as the payment completes', async () => {
    const client = m.clientFor('owner');
    const session = await client.checkout.start(m.state.orgId, { purpose: 'subscription', planId: 'standard', interval: 'month' });
    const container = document.createElement('div');
    document.body.append(container);
    let completed = 0;
    await simulatedCheckout({ headers: () => client.authHeaders() }).mount(container, session, m.state.orgId, { onComplete: () => void (completed += 1), onError: () => undefined });
    const form = container.querySelector('orgkit-simulated-checkout') as HTMLElement;
    await waitUntil(() => form.shadowRoot?.querySelector('button'));
    expect(form.shadowRoot?.textContent).to.contain('169.00');
    await expect(form).to.be.accessible();
    // A declined card first: an error, nothing charged, the plan unchanged.
    (form.shadowRoot?.querySelectorAll('input[type=radio]')[1] as HTMLInputElement).click();
    (form.shadowRoot?.querySelector('button') as HTMLButtonElement).click();
    await waitUntil(() => form.shadowRoot?.querySelector('[role=alert]'), 'the decline is shown');
    expect(form.shadowRoot?.querySelector('[role=alert]')?.textContent).to.contain('declined');
    expect((await client.subscription.get(m.state.orgId)).planId).to.equal('free');
    // Then a card that pays.
    (form.shadowRoot?.querySelectorAll('input[type=radio]')[0] as HTMLInputElement).click();
    (form.shadowRoot?.querySelector('button') as HTMLButtonElement).click();
    await waitUntil(() => completed === 1, 'onComplete after payment');
    expect((await client.subscription.get(m.state.orgId)).planId).to.equal('standard');
    container.remove();
  });
});
