import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveMac } from '../../src/model/mac';

describe('deriveMac', () => {
  it('puts the VMID in bytes 2-5 and the NIC index last, locally administered', () => {
    assert.equal(deriveMac(450, 0), '02:00:00:01:C2:00');
    assert.equal(deriveMac(402, 2), '02:00:00:01:92:02');
    assert.equal(deriveMac(999_999_999, 31), '02:3B:9A:C9:FF:1F');
  });
  it('differs for different VMs and NICs', () => {
    const macs = new Set([100, 101, 356].flatMap((id) => [0, 1, 2].map((i) => deriveMac(id, i))));
    assert.equal(macs.size, 9);
  });
});
