import { expect } from '@open-wc/testing';
import type { MockBackend } from '../../../mocks/browser.js';
import { startMockWorker } from '../../../mocks/browser.js';
import { ConnectionError, OrgKitClient } from '../src/index.js';

describe('the OrgKit client in Chromium (MSW worker)', () => {
  let backend: MockBackend;
  let stop: () => void = () => undefined;

  beforeEach(async () => {
    const started = await startMockWorker({ persist: false, scenario: 'standard-team' });
    backend = started.backend;
    stop = () => started.worker.stop();
  });
  afterEach(() => stop());

  const clientAs = (i: number) => {
    const { people } = backend.controlState();
    return new OrgKitClient({ getAuthToken: () => people[i]?.token, sleep: () => Promise.resolve() });
  };

  it('lists members with the bearer token of a person of the scenario', async () => {
    const client = clientAs(1);
    const { orgId } = backend.controlState();
    const list = await client.members.list(orgId);
    expect(list.members.map((m) => m.email)).to.include('adrian@acme-ai.test');
    expect(list.seats.used).to.equal(3);
    expect((await client.session.get()).user.email).to.equal('adrian@acme-ai.test');
  });

  it('an offline network yields a ConnectionError', async () => {
    backend.faults.offline = true;
    const error = await clientAs(0).members.list(backend.controlState().orgId).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConnectionError);
  });

  it('BILL-1 downloads an invoice PDF as a Blob in the browser', async () => {
    const client = clientAs(0);
    const { orgId } = backend.controlState();
    const [invoice] = (await client.invoices.list(orgId, { limit: 1 })).invoices;
    const pdf = await client.invoices.download(orgId, invoice?.id ?? '', 'pdf');
    expect(pdf).to.be.instanceOf(Blob);
    expect(pdf.type).to.equal('application/pdf');
  });
});
