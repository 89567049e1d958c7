import { expect } from '@open-wc/testing';
import { API_BASE, CONTROL_BASE } from '@orgkit/contract';
import { startMockWorker } from '../../browser.js';
import type { MockBackend } from '../../index.js';

const KEY = 'orgkit-mock-test';
let stop: () => void = () => undefined;
let backend: MockBackend;

async function start() {
  const started = await startMockWorker({ storageKey: KEY, scenario: 'standard-team' });
  stop = () => started.worker.stop();
  backend = started.backend;
}

describe('the mock in the browser (MSW worker)', () => {
  beforeEach(() => localStorage.removeItem(KEY));
  afterEach(() => stop());

  it('answers the API as the acting user and the control API beside it', async () => {
    await start();
    const session = await (await fetch(`${API_BASE}/session`)).json();
    expect(session.user.email).to.equal('olivia@acme-ai.test');
    const state = await (await fetch(`${CONTROL_BASE}/state`)).json();
    expect(state.scenario).to.equal('standard-team');
    const res = await fetch(`${API_BASE}/orgs/${state.orgId}/balance`, { headers: { Authorization: `Bearer ${state.people[2].token}` } });
    expect(res.status).to.equal(200);
    expect((await res.json()).state).to.equal('ok');
  });

  it('keeps its state across a restart (reload) and resets a corrupted one with a notice', async () => {
    await start();
    const { orgId } = backend.controlState();
    const invite = await fetch(`${API_BASE}/orgs/${orgId}/invites`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'x@y.co', role: 'member' }),
    });
    expect(invite.status).to.equal(409); // 3 of 3 seats: the engine answers through HTTP
    await fetch(`${CONTROL_BASE}/clock`, { method: 'POST', body: JSON.stringify({ days: 2 }) });
    const movedTo = backend.controlState().now;
    stop();
    await start();
    expect(Date.parse(backend.controlState().now)).to.be.at.least(Date.parse(movedTo));
    stop();
    localStorage.setItem(KEY, '{"schema":"something else"}');
    await start();
    const state = await (await fetch(`${CONTROL_BASE}/state`)).json();
    expect(state.notice).to.match(/could not be used/);
    expect(state.scenario).to.equal('standard-team');
  });
});
