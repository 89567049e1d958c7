import { expect } from '@open-wc/testing';
import { ERROR_CODES } from '@orgkit/contract';
import { ELEMENTS, translate } from '../src/index.js';
import { MESSAGE_TABLES } from '../src/messages.js';

describe('the message table', () => {
  it('has English and German for every key of every element, and a text for every error code', () => {
    expect(Object.keys(ELEMENTS).length).to.be.greaterThan(1);
    const en = Object.keys(MESSAGE_TABLES.en).sort();
    const de = Object.keys(MESSAGE_TABLES.de).sort();
    expect(de).to.deep.equal(en);
    for (const code of ERROR_CODES) expect(en, code).to.include(`error.${code}`);
    for (const key of en) expect(MESSAGE_TABLES.de[key]?.trim(), key).to.not.equal('');
  });

  it('fills placeholders from values and falls back to English, then to the key', () => {
    expect(translate('de', 'error.seat_limit_reached', { count: 3, limit: 3 })).to.contain('Alle 3 Plätze');
    expect(translate('en', 'error.seat_limit_reached', { count: 3, limit: 3 })).to.contain('All 3 seats');
    expect(translate('de', 'no.such.key')).to.equal('no.such.key');
  });
});
