/** Slack adapter pieces on their own: escaping and mrkdwn, refs, the admin cache (real WebClient, fake Slack). */
import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { createActors, PROFILE_TTL_MS } from '../../../src/adapters/slack/admin.ts';
import { slackErrorCode } from '../../../src/adapters/slack/api-errors.ts';
import { clip, escapeText, markdownToMrkdwn, systemText } from '../../../src/adapters/slack/mrkdwn.ts';
import { letterOfReaction, messageRef, parseAnswerValue, parseMessageRef, parseReviewValue } from '../../../src/adapters/slack/refs.ts';
import { createCaptureLogger, IDS, startFakeSlack, type FakeSlack } from '../../fakes/slack/index.ts';
import { recordingLog, T0 } from './harness.ts';

describe('Slack text', () => {
  it('escapes control characters and breaks bare special mentions', () => {
    expect(escapeText('a & b <!channel> <@U1|x> <#C1> @here @everyone @Channel')).toBe(
      'a &amp; b &lt;!channel&gt; &lt;@U1|x&gt; &lt;#C1&gt; @\u2060here @\u2060everyone @\u2060Channel',
    );
  });

  it('keeps channel links in the core’s own sentences, but never user or special mentions', () => {
    expect(systemText('invite @Stepwise to <#C0RANDOM1> <@U1> <!here> <#C0ABC|x>')).toBe('invite @Stepwise to <#C0RANDOM1> &lt;@U1&gt; &lt;!here&gt; <#C0ABC>');
  });

  it('turns Markdown into mrkdwn: code fences without the language, bold, headings; code is escaped too', () => {
    expect(markdownToMrkdwn('**Bold** and __it__\n# Title\n```python\nif a < b:\n    print("**x**")\n```')).toBe(
      '*Bold* and _it_\n*Title*\n```\nif a &lt; b:\n    print("**x**")\n```',
    );
    expect(markdownToMrkdwn('```\nunclosed')).toBe('```\nunclosed\n```');
  });

  it('clips without breaking an entity and closes a cut code block', () => {
    expect(clip('x'.repeat(10), 20)).toBe('x'.repeat(10));
    expect(clip('abcdefgh &amp; more text here', 16)).toBe('abcdefgh …');
    expect(clip('```\ncode code code code code', 16)).toBe('```\ncode co\n```…');
  });
});

describe('Slack refs', () => {
  it('round-trips message refs and parses button values strictly', () => {
    expect(parseMessageRef(messageRef('C0QUIZ001', '1700000000.000100'))).toEqual({ channel: 'C0QUIZ001', ts: '1700000000.000100' });
    expect(parseMessageRef('local-1')).toBeUndefined();
    expect(parseAnswerValue('12:b')).toEqual({ dropId: 12, letter: 'B' });
    expect(parseAnswerValue('12:G')).toBeUndefined();
    expect(parseAnswerValue('x:B')).toBeUndefined();
    expect(parseReviewValue('mlc-data-preparation:C')).toEqual({ questionId: 'mlc-data-preparation', letter: 'C' });
    expect(parseReviewValue('../etc:C')).toBeUndefined();
  });

  it('maps :one:…:six:, :a: and :b: to letters and nothing else', () => {
    expect(['one', 'two', 'three', 'four', 'five', 'six', 'a', 'b'].map(letterOfReaction)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'A', 'B']);
    expect(['c', 'd', 'thumbsup', 'keycap_ten'].map(letterOfReaction)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('Slack error codes', () => {
  it('names platform errors by Slack’s code and everything else by kind', () => {
    const platform = Object.assign(new Error('x'), { code: webApi.ErrorCode.PlatformError, data: { ok: false, error: 'not_in_channel' } });
    expect(slackErrorCode(platform)).toBe('not_in_channel');
    expect(slackErrorCode(Object.assign(new Error('x'), { code: webApi.ErrorCode.HTTPError, statusCode: 503 }))).toBe('http_503');
    expect(slackErrorCode(new Error('boom'))).toBe('unknown');
  });
});

describe('admin lookup (users.info, cached)', () => {
  let fake: FakeSlack;
  afterEach(async () => {
    await fake.close();
  });
  const client = () => new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: createCaptureLogger() });

  it('uses display name, admin/owner flags and STEPWISE_ADMINS, caching each person for five minutes', async () => {
    fake = await startFakeSlack();
    let now = T0;
    const { log } = recordingLog();
    const actors = createActors({ client: client(), admins: [IDS.member], clock: { now: () => now }, log });
    expect(await actors.actor(IDS.team, IDS.admin)).toEqual({ id: IDS.admin, name: 'ada', isAdmin: true });
    expect(await actors.actor(IDS.team, IDS.owner)).toEqual({ id: IDS.owner, name: 'otto', isAdmin: true });
    // STEPWISE_ADMINS needs no lookup: the payload's name is used.
    expect(await actors.actor(IDS.team, IDS.member, 'mia-payload')).toEqual({ id: IDS.member, name: 'mia-payload', isAdmin: true });
    expect(await actors.actor(IDS.team, IDS.outsider)).toEqual({ id: IDS.outsider, name: 'olga', isAdmin: false });
    // Enterprise Grid: an org admin (W id) is an admin though not a workspace admin.
    expect(await actors.actor(IDS.team, IDS.gridAdmin)).toEqual({ id: IDS.gridAdmin, name: 'gina', isAdmin: true });
    expect(await actors.actor(IDS.team, IDS.guest)).toEqual({ id: IDS.guest, name: 'gus', isAdmin: false });
    await Promise.all([actors.actor(IDS.team, IDS.admin), actors.actor(IDS.team, IDS.admin)]);
    expect(fake.callsTo('users.info')).toHaveLength(5);

    // Demoted in Slack: still an admin from the cache until it expires.
    fake.state.upsertUser({ ...fake.state.user(IDS.admin)!, isAdmin: false, displayName: '' });
    now += PROFILE_TTL_MS - 1;
    expect((await actors.actor(IDS.team, IDS.admin)).isAdmin).toBe(true);
    now += 1;
    expect(await actors.actor(IDS.team, IDS.admin)).toEqual({ id: IDS.admin, name: 'Ada Admin', isAdmin: false });
    expect(fake.callsTo('users.info')).toHaveLength(6);
    // An answer or a non-admin command never asks Slack; it uses the name learnt above.
    expect(actors.answerer(IDS.team, IDS.admin, 'ada')).toEqual({ id: IDS.admin, name: 'Ada Admin', isAdmin: false });
    expect(await actors.actor(IDS.team, IDS.outsider, 'olga', false)).toEqual({ id: IDS.outsider, name: 'olga', isAdmin: false });
    expect(fake.callsTo('users.info')).toHaveLength(6);
  });

  it('when users.info fails, falls back to the given name and STEPWISE_ADMINS, logs one line, and asks again next time', async () => {
    fake = await startFakeSlack();
    const { log, lines } = recordingLog();
    const actors = createActors({ client: client(), admins: [], clock: { now: () => T0 }, log });
    fake.failNext('users.info', { error: 'ratelimited' });
    expect(await actors.actor(IDS.team, IDS.admin, 'ada-from-payload')).toEqual({ id: IDS.admin, name: 'ada-from-payload', isAdmin: false });
    expect(lines.entries.find((l) => l.event === 'slack.api_failed')?.fields).toMatchObject({ method: 'users.info', error: 'ratelimited', workspace: IDS.team, user: IDS.admin });
    expect(await actors.actor(IDS.team, IDS.admin)).toEqual({ id: IDS.admin, name: 'ada', isAdmin: true });
  });
});
