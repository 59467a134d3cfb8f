import { describe, expect, it } from 'vitest';
import { createSecretBox, SealError } from '../src/secret-box.ts';

const SECRET = 'a'.repeat(20) + 'current-secret-0123';
const OLD = 'b'.repeat(20) + 'previous-secret-456';

describe('secret box', () => {
  it('seals with a random IV and opens in the same context only', () => {
    const box = createSecretBox(SECRET);
    const a = box.seal('xoxb-token-1', 'slack:T1');
    const b = box.seal('xoxb-token-1', 'slack:T1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('xoxb');
    expect(box.open(a, 'slack:T1')).toBe('xoxb-token-1');
    expect(() => box.open(a, 'slack:T2')).toThrow(SealError);
    expect(box.keyIdOf(a)).toBe(box.keyId);
  });

  it('refuses a tampered value and one sealed under an unknown key', () => {
    const box = createSecretBox(SECRET);
    const sealed = box.seal('xoxb-token-1', 'slack:T1');
    const parts = sealed.split('.');
    const data = Buffer.from(parts[4]!, 'base64url');
    data[0] = data[0]! ^ 1;
    parts[4] = data.toString('base64url');
    expect(() => box.open(parts.join('.'), 'slack:T1')).toThrow(SealError);
    expect(() => createSecretBox(OLD).open(sealed, 'slack:T1')).toThrow(/neither STEPWISE_SECRET nor STEPWISE_SECRET_PREVIOUS/);
  });

  it('after a rotation the previous secret still opens old values; new ones use the new key', () => {
    const before = createSecretBox(OLD);
    const old = before.seal('xoxb-old', 'slack:T1');
    const after = createSecretBox(SECRET, OLD);
    expect(after.keyId).not.toBe(before.keyId);
    expect(after.open(old, 'slack:T1')).toBe('xoxb-old');
    expect(after.keyIdOf(after.seal('x', 'slack:T1'))).toBe(after.keyId);
    // The same secret always derives the same key id (a restart opens what it sealed).
    expect(createSecretBox(SECRET).keyId).toBe(after.keyId);
  });
});
