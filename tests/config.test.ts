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

  describe('Slack OAuth (any workspace)', () => {
    const OAUTH = {
      SLACK_CLIENT_ID: '111.222',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'state-secret',
      SLACK_SIGNING_SECRET: 'signing',
      STEPWISE_SECRET: 'x'.repeat(32),
    };

    it('reads the OAuth settings; no bot token in this mode', () => {
      const c = loadConfig({ ...OAUTH, STEPWISE_SECRET_PREVIOUS: 'y'.repeat(40), SLACK_REDIRECT_URI: 'https://h.example/slack/oauth_redirect', PORT: '8080' });
      expect(c.slack).toEqual({
        oauth: {
          clientId: '111.222', clientSecret: 'client-secret', stateSecret: 'state-secret', secret: 'x'.repeat(32), previousSecret: 'y'.repeat(40), redirectUri: 'https://h.example/slack/oauth_redirect',
        },
        signingSecret: 'signing',
        port: 8080,
      });
    });

    it.each([
      [{ ...OAUTH, STEPWISE_SECRET: undefined }, /^STEPWISE_SECRET must be set to at least 32 characters when SLACK_CLIENT_ID is/],
      [{ ...OAUTH, STEPWISE_SECRET: 'short' }, /^STEPWISE_SECRET must be set to at least 32 characters/],
      [{ ...OAUTH, STEPWISE_SECRET_PREVIOUS: 'short' }, /^STEPWISE_SECRET_PREVIOUS is shorter than 32 characters/],
      [{ ...OAUTH, SLACK_STATE_SECRET: undefined }, /^Slack OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together; SLACK_STATE_SECRET is not set\.$/],
      [{ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-1' }, /^SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set/],
      [{ ...OAUTH, SLACK_APP_TOKEN: 'xapp-1' }, /^SLACK_APP_TOKEN is set with SLACK_CLIENT_ID/],
      [{ ...OAUTH, SLACK_SIGNING_SECRET: undefined }, /^SLACK_CLIENT_ID is set but SLACK_SIGNING_SECRET is not/],
      [{ ...OAUTH, SLACK_REDIRECT_URI: 'nope' }, /^SLACK_REDIRECT_URI="nope" is not an http\(s\) URL/],
    ])('refuses %j with one clear line', (env, message) => {
      expect(() => loadConfig(env)).toThrow(message);
    });

    it('never repeats a secret in its message', () => {
      const secret = 'too-short-but-secret';
      expect(() => loadConfig({ ...OAUTH, STEPWISE_SECRET: secret })).toThrow(ConfigError);
      try {
        loadConfig({ ...OAUTH, STEPWISE_SECRET: secret });
      } catch (err) {
        expect((err as Error).message).not.toContain(secret);
      }
    });
  });
});
