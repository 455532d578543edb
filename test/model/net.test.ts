import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cidrContains, cidrsOverlap, intToIp, ipToInt, splitAddress } from '../../src/model/net';

describe('net helpers', () => {
  it('round-trips addresses', () => assert.equal(intToIp(ipToInt('10.40.0.43')), '10.40.0.43'));
  it('tests containment at the network edges', () => {
    assert.equal(cidrContains('10.10.0.0/24', '10.10.0.255'), true);
    assert.equal(cidrContains('10.10.0.0/24', '10.10.1.0'), false);
  });
  it('detects overlapping networks', () => {
    assert.equal(cidrsOverlap('10.0.0.0/8', '10.96.0.0/12'), true);
    assert.equal(cidrsOverlap('10.244.0.0/16', '10.96.0.0/12'), false);
  });
  it('takes the prefix from the address or the fallback', () => {
    assert.deepEqual(splitAddress('10.10.0.41/25', 24), { ip: '10.10.0.41', prefix: 25 });
    assert.deepEqual(splitAddress('10.10.0.41', 24), { ip: '10.10.0.41', prefix: 24 });
  });
});
