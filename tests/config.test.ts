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

  it('accepts durations up to their bounds', () => {
    expect(loadConfig({ STEPWISE_WINDOW: '30d', STEPWISE_CATCHUP: '7d', STEPWISE_EASY: '1h' })).toMatchObject({ windowMs: 30 * 86_400_000, catchupMs: 7 * 86_400_000, easyMs: 3_600_000 });
    expect(loadConfig({ STEPWISE_WINDOW: '1m', STEPWISE_CATCHUP: '0', STEPWISE_EASY: '0s' })).toMatchObject({ windowMs: 60_000, catchupMs: 0, easyMs: 0 });
  });

  it('parses lists and durations', () => {
    const c = loadConfig({ STEPWISE_ADMINS: ' 123, U0ABC ,,', STEPWISE_CATCHUP: '90s', STEPWISE_WINDOW: '2h', STEPWISE_TZ: 'Europe/Berlin' });
    expect(c).toMatchObject({ admins: ['123', 'U0ABC'], catchupMs: 90_000, windowMs: 7_200_000, tz: 'Europe/Berlin' });
    expect(parseDuration('X', '15')).toBe(900_000);
  });

  it('STEPWISE_REACTIONS is on unless set off (the default for workspaces that did not choose)', () => {
    expect(loadConfig({}).reactions).toBe(true);
    expect(loadConfig({ STEPWISE_REACTIONS: 'OFF' }).reactions).toBe(false);
  });

  it.each([
    [{ STEPWISE_TZ: 'Mars/Olympus' }, /^STEPWISE_TZ="Mars\/Olympus" is not an IANA time zone/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL="loud" is not one of debug, info, warn, error/],
    [{ STEPWISE_CATCHUP: 'soon' }, /^STEPWISE_CATCHUP="soon" is not a duration/],
    [{ STEPWISE_WINDOW: '10s' }, /^STEPWISE_WINDOW="10s" is too short: STEPWISE_WINDOW must be at least 1m/],
    [{ STEPWISE_USER: 'a b' }, /^STEPWISE_USER="a b" must be/],
    [{ STEPWISE_REACTIONS: 'maybe' }, /^STEPWISE_REACTIONS="maybe" must be on or off/],
    // Bounded so every instant derived from them is a valid date (a huge window made each post fail).
    [{ STEPWISE_WINDOW: '999999999d' }, /^STEPWISE_WINDOW="999999999d" is too long: STEPWISE_WINDOW must be at most 30d \(how long/],
    [{ STEPWISE_WINDOW: '31d' }, /^STEPWISE_WINDOW="31d" is too long: STEPWISE_WINDOW must be at most 30d/],
    [{ STEPWISE_CATCHUP: '1e400' }, /^STEPWISE_CATCHUP="1e400" is not a duration/],
    [{ STEPWISE_CATCHUP: '99999999999999999999999h' }, /^STEPWISE_CATCHUP="99999999999999999999999h" is too long: STEPWISE_CATCHUP must be at most 7d/],
    [{ STEPWISE_EASY: '2h' }, /^STEPWISE_EASY="2h" is too long: STEPWISE_EASY must be at most 1h/],
  ])('a bad value stops start-up naming the variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('platform configuration', () => {
  it('starts no platform without tokens (the terminal chat runs)', () => {
    const c = loadConfig({});
    expect(c.discord).toBeUndefined();
    expect(c.slack).toBeUndefined();
  });

  it('reads Discord and Slack settings', () => {
    const c = loadConfig({
      DISCORD_TOKEN: 'abc.def',
      DISCORD_GUILD_ID: '123456789012345678',
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
    });
    expect(c.discord).toEqual({ token: 'abc.def', guildId: '123456789012345678', apiUrl: 'http://127.0.0.1:9/api' });
    expect(c.slack).toEqual({ botToken: 'xoxb-1', appToken: 'xapp-1', port: 3000, apiUrl: 'http://127.0.0.1:9/api/' });
  });

  it.each([
    [{ DISCORD_GUILD_ID: 'abc', DISCORD_TOKEN: 't' }, /^DISCORD_GUILD_ID="abc" is not a Discord id/],
    [{ DISCORD_GUILD_ID: '123456789012345678' }, /DISCORD_TOKEN is not/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /neither SLACK_APP_TOKEN \(Socket Mode\) nor SLACK_SIGNING_SECRET/],
    [{ SLACK_BOT_TOKEN: 'xoxp-1', SLACK_APP_TOKEN: 'xapp-1' }, /^SLACK_BOT_TOKEN must be the bot token, starting with xoxb-/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: 'eighty' }, /^PORT="eighty" is not a port number/],
    [{ SLACK_SIGNING_SECRET: 's' }, /SLACK_BOT_TOKEN is not/],
    [{ DISCORD_TOKEN: 't', DISCORD_API_URL: 'ftp://x' }, /^DISCORD_API_URL="ftp:\/\/x" is not an http\(s\) URL/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never puts a secret in an error message', () => {
    try {
      loadConfig({ SLACK_BOT_TOKEN: 'xoxp-super-secret', SLACK_APP_TOKEN: 'xapp-1' });
    } catch (err) {
      expect((err as Error).message).not.toContain('super-secret');
    }
    expect.assertions(1);
  });
});
