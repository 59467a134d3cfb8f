import { describe, expect, it } from 'vitest';
import { parseText, stripRoot, tokenize } from '../../src/commands/parse-text.ts';

describe('parseText', () => {
  it.each([
    ['answer B', ['answer'], { choice: 'B' }],
    ['answer   b', ['answer'], { choice: 'b' }],
    ['leaderboard', ['leaderboard'], {}],
    ['leaderboard month', ['leaderboard'], { period: 'month' }],
    ['stats <@U123ABC|ann>', ['stats'], { user: 'U123ABC' }],
    ['stats @bob', ['stats'], { user: 'bob' }],
    ['drop ml-lifecycle', ['drop'], { pack: 'ml-lifecycle' }],
    ['schedule add "0 9 * * 1-5" #mlops pack:ml-lifecycle tz:Europe/Berlin', ['schedule', 'add'], { cron: '0 9 * * 1-5', channel: 'mlops', pack: 'ml-lifecycle', timezone: 'Europe/Berlin' }],
    ['schedule add “0 9 * * 1-5” <#C0123|mlops> timezone: UTC', ['schedule', 'add'], { cron: '0 9 * * 1-5', channel: 'C0123', timezone: 'UTC' }],
    ['schedule add 0 9 * * 1-5 tz:Asia/Tokyo', ['schedule', 'add'], { cron: '0 9 * * 1-5', timezone: 'Asia/Tokyo' }],
    ['schedule add 30 0 9 * * MON-FRI', ['schedule', 'add'], { cron: '30 0 9 * * MON-FRI' }],
    ['SCHEDULE Remove 3', ['schedule', 'remove'], { id: '3' }],
    ['schedule list', ['schedule', 'list'], {}],
  ])('%s', (text, path, options) => {
    expect(parseText(text)).toEqual({ path, options });
  });

  it('leaves unknown commands to the dispatcher, which answers with help', () => {
    expect(parseText('dance now')).toEqual({ path: ['dance', 'now'], options: {} });
    expect(parseText('')).toEqual({ path: [], options: {} });
  });

  it.each([
    ['answer B C', 'I did not expect "C". Usage: /quiz answer <A-D>'],
    ['schedule add "0 9 * * *', 'A quote (") is never closed.'],
    ['leaderboard week extra', 'I did not expect "extra". Usage: /quiz leaderboard [week|month|all]'],
    ['schedule add "0 9 * * *" pack:a pack:b', 'pack is given twice.'],
    ['schedule add "0 9 * * *" "* * * * *"', 'I did not expect "* * * * *".'],
  ])('refuses %s', (text, message) => {
    expect(() => parseText(text)).toThrow(message);
  });

  it('tokenizes quotes of every kind', () => {
    expect(tokenize(`a "b c" 'd e' “f g” ‘h’`).map((t) => t.value)).toEqual(['a', 'b c', 'd e', 'f g', 'h']);
  });

  it('strips the /quiz prefix only from /quiz lines', () => {
    expect(stripRoot('/quiz answer B')).toBe('answer B');
    expect(stripRoot('/quiz')).toBe('');
    expect(stripRoot('/quizzes')).toBeUndefined();
    expect(stripRoot('react A')).toBeUndefined();
  });
});

describe('name:"quoted value"', () => {
  it('keeps a quoted value with spaces after its name, straight or curly', () => {
    expect(parseText('suggestions reject 3 reason:"Covered in onboarding already"')).toEqual({ path: ['suggestions', 'reject'], options: { id: '3', reason: 'Covered in onboarding already' } });
    expect(parseText('suggestions reject 3 reason:“Too close to #4”').options.reason).toBe('Too close to #4');
  });
});
