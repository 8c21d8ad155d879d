import { describe, expect, it } from 'vitest';
import { maskFrame, wireTrace } from './wire-trace.js';

describe('maskFrame', () => {
  it('masks the secret, the MD5 key and the challenge, whatever the case', () => {
    const login = 'Action: Login\r\nUsername: admin\r\nSecret: s3cr:et\r\n\r\n';
    expect(maskFrame(login)).toBe('Action: Login\r\nUsername: admin\r\nSecret: ***\r\n\r\n');
    const md5 = 'Action: Login\r\nAuthType: MD5\r\nkey: 0123abcd\r\n\r\n';
    expect(maskFrame(md5)).toBe('Action: Login\r\nAuthType: MD5\r\nkey: ***\r\n\r\n');
    const challenge = 'Response: Success\r\nChallenge: 843157282\r\n\r\n';
    expect(maskFrame(challenge)).toBe('Response: Success\r\nChallenge: ***\r\n\r\n');
  });

  it('leaves other headers alone, including ones that merely contain the words', () => {
    const text = 'Event: VarSet\r\nVariable: Secret\r\nValue: Key: x\r\n\r\n';
    expect(maskFrame(text)).toBe(text);
  });
});

describe('wireTrace', () => {
  it('hands the option masked frames', () => {
    const seen: string[] = [];
    const trace = wireTrace((direction, text) => seen.push(`${direction} ${text}`));
    trace?.('out', 'Action: Login\r\nSecret: hunter2\r\n\r\n');
    expect(seen).toEqual(['out Action: Login\r\nSecret: ***\r\n\r\n']);
  });

  it('is off without the option and without NODE_DEBUG=tsami', () => {
    expect(process.env.NODE_DEBUG ?? '').not.toMatch(/tsami/);
    expect(wireTrace(undefined)).toBeUndefined();
  });
});
