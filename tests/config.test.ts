import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDuration } from '../src/config.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toMatchObject({
      db: './data/stepwise.db',
      content: './content',
      tz: 'UTC',
      admins: [],
      logLevel: 'info',
      catchupMs: 3_600_000,
      windowMs: 86_400_000,
      terminalUser: 'you',
    });
  });

  it('parses lists and durations', () => {
    const c = loadConfig({ STEPWISE_ADMINS: ' 123, U0ABC ,,', STEPWISE_CATCHUP: '90s', STEPWISE_WINDOW: '2h', STEPWISE_TZ: 'Europe/Berlin' });
    expect(c).toMatchObject({ admins: ['123', 'U0ABC'], catchupMs: 90_000, windowMs: 7_200_000, tz: 'Europe/Berlin' });
    expect(parseDuration('X', '15')).toBe(900_000);
  });

  it.each([
    [{ STEPWISE_TZ: 'Mars/Olympus' }, /^STEPWISE_TZ="Mars\/Olympus" is not an IANA time zone/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL="loud" is not one of debug, info, warn, error/],
    [{ STEPWISE_CATCHUP: 'soon' }, /^STEPWISE_CATCHUP="soon" is not a duration/],
    [{ STEPWISE_WINDOW: '10s' }, /^STEPWISE_WINDOW must be at least 1m/],
    [{ STEPWISE_USER: 'a b' }, /^STEPWISE_USER="a b" must be/],
  ])('a bad value stops start-up naming the variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
