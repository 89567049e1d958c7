/**
 * The suite's one door to the contract. Nothing here may come from mocks/ or packages/client: the suite speaks only
 * HTTP, checked against the contract.
 */
export * from '@orgkit/contract';
