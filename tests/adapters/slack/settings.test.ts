/** `/quiz settings` on Slack through Bolt and the fake: the admin user group (usergroups:read), the window, reactions. */
import { afterEach, describe, expect, it } from 'vitest';
import { ALL_BOT_SCOPES } from '../../fakes/slack/index.ts';
import { IDS, sent, startSlackWorld, T0, type SlackWorld } from './harness.ts';

let w: SlackWorld;
afterEach(async () => {
  await w.cleanup();
});

/** How Slack escapes `@tutors` in slash command text (should_escape: true). */
const TUTORS = `<!subteam^${IDS.tutors}|@tutors>`;
const FOR_ADMINS = '/quiz drop is for admins. Ask an admin, or get your id added to STEPWISE_ADMINS.';
const reply = async (userId: string, text: string) => sent(await (await w.command(userId, text)).response());

describe('/quiz settings on Slack', () => {
  it('a member of the admin user group can run admin commands; someone not in it cannot', async () => {
    w = await startSlackWorld();
    expect(await reply(IDS.member, 'drop')).toContain(FOR_ADMINS);
    expect(await reply(IDS.admin, `settings admins:${TUTORS}`)).toContain(`Members of ${IDS.tutors} are now admins here too.`);
    expect(w.fake.callsTo('usergroups.users.list').map((c) => c.body.usergroup)).toEqual([IDS.tutors]);

    // Mia is in @tutors: her drop posts. Olga is not: refused.
    const { dropId } = await w.drop(IDS.member);
    expect((await w.tutor.deps.store.drops.get(dropId))?.createdBy).toBe(IDS.member);
    expect(await reply(IDS.outsider, 'close')).toContain('/quiz close is for admins.');
    expect(await w.tutor.openDrop(w.channel)).toBeDefined();
    // Workspace admins need no group (users.info says so), and are not looked up in it.
    const lookups = w.fake.callsTo('usergroups.users.list').length;
    expect(await reply(IDS.admin, 'settings')).toContain(`• Admins: the platform's own admins, and members of ${IDS.tutors}`);
    expect(w.fake.callsTo('usergroups.users.list')).toHaveLength(lookups);
  });

  it('refuses a group that does not exist, or a plain word, privately, and changes nothing', async () => {
    w = await startSlackWorld();
    const missing = await (await w.command(IDS.admin, 'settings admins:<!subteam^S0NOPE000|@nope>')).response();
    expect(missing.body.response_type).toBe('ephemeral');
    expect(sent(missing)).toContain('There is no user group S0NOPE000 in this workspace. Mention the group, such as admins:@tutors. Nothing was changed.');
    expect(await reply(IDS.admin, 'settings admins:tutors')).toContain('is not a user group. Mention it, such as admins:@tutors');
    expect((await w.tutor.settingsOf(w.channel)).adminGroup).toBeNull();
  });

  it('without usergroups:read the fake refuses with missing_scope and Stepwise says to add the scope and reinstall', async () => {
    w = await startSlackWorld({ scopes: ALL_BOT_SCOPES.filter((s) => s !== 'usergroups:read') });
    const refused = await reply(IDS.admin, `settings admins:${TUTORS}`);
    expect(refused).toContain('the Slack app lacks the usergroups:read scope. Add usergroups:read under OAuth &amp; Permissions → Bot Token Scopes');
    expect(refused).toContain('Nothing was changed.');
    const call = w.fake.callsTo('usergroups.users.list')[0]!;
    expect(call.response).toMatchObject({ ok: false, error: 'missing_scope', needed: 'usergroups:read' });
    expect((await w.tutor.settingsOf(w.channel)).adminGroup).toBeNull();

    // A group set while the scope was there (then removed): a member is told what to do, not just "for admins".
    await w.tutor.deps.store.workspaces.setOptions(w.channel, { adminGroup: IDS.tutors }, 'UTC');
    const member = await reply(IDS.member, 'drop');
    expect(member).toContain('Stepwise cannot check the admin user group: the Slack app lacks the usergroups:read scope.');
    expect(await w.tutor.openDrop(w.channel)).toBeUndefined();
    // Workspace admins still can, without any group lookup.
    const before = w.fake.callsTo('usergroups.users.list').length;
    await w.drop(IDS.admin);
    expect(w.fake.callsTo('usergroups.users.list')).toHaveLength(before);
  });

  it('the window changes the next drop’s close time; a bad window is refused naming the range', async () => {
    w = await startSlackWorld();
    const changed = await reply(IDS.admin, 'settings tz:Asia/Tokyo window:2h');
    expect(changed).toContain('Leaderboard weeks and months here will follow Asia/Tokyo.');
    expect(changed).toContain('Questions now stay open 2h (from the next question).');
    expect(await reply(IDS.admin, 'settings window:31d')).toContain('A question can stay open between 1m and 30d; 31d is outside that. Nothing was changed.');
    expect(await reply(IDS.member, 'settings window:1h')).toContain('/quiz settings is for admins.');
    const { dropId, posted } = await w.drop();
    expect((await w.tutor.deps.store.drops.get(dropId))?.closesAt).toBe(T0 + 2 * 3_600_000);
    // The closing time's fallback text is in the workspace's zone (11:00 UTC is 20:00 in Tokyo), not STEPWISE_TZ (UTC).
    expect(JSON.stringify(posted.body.blocks)).toContain(`<!date^${(T0 + 2 * 3_600_000) / 1000}^{date_short_pretty} at {time}|Thu 26 Nov, 20:00>`);
  });

  it('reactions off: the next drop neither invites nor adds reactions, and a reaction is not an answer', async () => {
    w = await startSlackWorld();
    expect(await reply(IDS.admin, 'settings reactions:off')).toContain('Reactions no longer count as answers');
    const { ts, posted } = await w.drop();
    const blocks = JSON.stringify(posted.body.blocks);
    expect(blocks).toContain('Answer with a button or');
    expect(blocks).not.toContain('reaction');
    await w.sender.sendEvent(w.fake.payloads.eventEnvelope(w.fake.payloads.reactionAdded({ userId: IDS.member, reaction: 'two', itemTs: ts })));
    // Then a /quiz answer: by its reply, the reaction event was handled (and ignored).
    expect(await reply(IDS.member, 'answer C')).toContain('you picked C');
    expect(w.db.prepare('SELECT choice, via FROM answers').all()).toEqual([{ choice: 'C', via: 'command' }]);
    expect(w.fake.callsTo('reactions.add')).toEqual([]);
  });
});
