/** A user in the fake workspace; fields mirror Slack's user object where tests care. */
export interface FakeUser {
  id: string;
  name: string;
  realName: string;
  displayName: string;
  isAdmin: boolean;
  isOwner: boolean;
  isBot: boolean;
  tz?: string;
  /** A deactivated account: users.info says `deleted: true`, conversations.open answers `user_disabled`. */
  deleted?: boolean;
  /** A guest: multi-channel (`is_restricted`) or single-channel (`is_ultra_restricted`). */
  guest?: 'multi' | 'single';
  /** An Enterprise Grid user: users.info carries `enterprise_user` with the org-level roles. */
  enterprise?: { id: string; name: string; isAdmin: boolean; isOwner: boolean };
}

/** A conversation in the fake workspace (public/private channel or the bot's DM with a user). */
export interface FakeChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  /** A group DM (multi-person IM; conversations.info there needs mpim:read). */
  isMpim?: boolean;
  /** Archived: posts answer `is_archived`. */
  isArchived?: boolean;
  /**
   * Posting restrictions Slack enforces with `restricted_action*` errors: a read-only (announcement)
   * channel, a channel where only thread replies are allowed, one where threads are not allowed, or a
   * workspace preference that forbids the bot to post.
   */
  posting?: 'read_only' | 'thread_only' | 'non_threadable' | 'restricted';
  /** User ids in the conversation; the bot counts as a member only if its user id is listed. */
  members: string[];
}

/** A user group (`@tutors`): usergroups.users.list answers its members. */
export interface FakeUserGroup {
  id: string;
  handle: string;
  users: string[];
}

/** The whole workspace the fake Web API serves. */
export interface FakeWorkspace {
  teamId: string;
  teamDomain: string;
  teamName: string;
  appId: string;
  botId: string;
  botUserId: string;
  botName: string;
  users: FakeUser[];
  channels: FakeChannel[];
  usergroups: FakeUserGroup[];
}

/** Well-known ids of the default workspace, so tests can refer to them without magic strings. */
export const IDS = {
  team: 'T0123ABCD',
  teamDomain: 'stepwise-test',
  app: 'A0STEPWISE',
  bot: 'B0STEPWISE',
  botUser: 'U0STEPBOT',
  admin: 'U0ADMIN01',
  owner: 'U0OWNER01',
  member: 'U0MEMBER1',
  /** A regular user who is NOT a member of `quizChannel`; postEphemeral to them there fails. */
  outsider: 'U0OUTSIDE',
  /** Public channel the bot is a member of. */
  quizChannel: 'C0QUIZ001',
  /** Public channel the bot is NOT a member of; posting there returns `not_in_channel`. */
  otherChannel: 'C0RANDOM1',
  /** An Enterprise Grid org admin (a W id) who is not an admin of this workspace. */
  gridAdmin: 'W0GRIDADM',
  /** A multi-channel guest in #quiz. */
  guest: 'U0GUEST01',
  /** A deactivated account that is still listed in #quiz. */
  deletedUser: 'U0GONE001',
  /** A group DM with the bot, the admin and the member. */
  groupDm: 'G0MPIM001',
  /** A user group (@tutors) whose only member is `member`. */
  tutors: 'S0TUTORS1',
} as const;

/** Builds a fresh default workspace (admin, owner, member, outsider; one channel with the bot, one without). */
export function defaultWorkspace(): FakeWorkspace {
  const user = (id: string, name: string, realName: string, extra: Partial<FakeUser> = {}): FakeUser => ({
    id,
    name,
    realName,
    displayName: name,
    isAdmin: false,
    isOwner: false,
    isBot: false,
    tz: 'Europe/Berlin',
    ...extra,
  });
  return {
    teamId: IDS.team,
    teamDomain: IDS.teamDomain,
    teamName: 'Stepwise Test',
    appId: IDS.app,
    botId: IDS.bot,
    botUserId: IDS.botUser,
    botName: 'stepwise',
    users: [
      user(IDS.botUser, 'stepwise', 'Stepwise', { isBot: true }),
      user(IDS.admin, 'ada', 'Ada Admin', { isAdmin: true }),
      user(IDS.owner, 'otto', 'Otto Owner', { isAdmin: true, isOwner: true }),
      user(IDS.member, 'mia', 'Mia Member'),
      user(IDS.outsider, 'olga', 'Olga Outsider'),
      user(IDS.gridAdmin, 'gina', 'Gina Grid', { enterprise: { id: 'E0ORG0001', name: 'Fake Org', isAdmin: true, isOwner: false } }),
      user(IDS.guest, 'gus', 'Gus Guest', { guest: 'multi' }),
      user(IDS.deletedUser, 'dora', 'Dora Departed', { deleted: true }),
    ],
    usergroups: [{ id: IDS.tutors, handle: 'tutors', users: [IDS.member] }],
    channels: [
      {
        id: IDS.quizChannel,
        name: 'quiz',
        isPrivate: false,
        isIm: false,
        members: [IDS.botUser, IDS.admin, IDS.owner, IDS.member, IDS.gridAdmin, IDS.guest, IDS.deletedUser],
      },
      {
        id: IDS.otherChannel,
        name: 'random',
        isPrivate: false,
        isIm: false,
        members: [IDS.admin, IDS.owner, IDS.member, IDS.outsider],
      },
      { id: IDS.groupDm, name: 'mpdm-ada--mia--stepwise-1', isPrivate: true, isIm: false, isMpim: true, members: [IDS.botUser, IDS.admin, IDS.member] },
    ],
  };
}

/** Well-known ids of the second workspace (secondWorkspace()): its own team, bot user, people and channel. */
export const IDS_B = {
  team: 'T0SECOND2',
  teamDomain: 'second-team',
  botUser: 'U0STEPBO2',
  bot: 'B0STEPBO2',
  admin: 'U0ADMINB2',
  member: 'U0MEMBRB2',
  /** Public channel in the second workspace with the bot in it. */
  quizChannel: 'C0QUIZB02',
} as const;

/** A second workspace for the same app (OAuth installs): different team, bot user, people and channel ids. */
export function secondWorkspace(): FakeWorkspace {
  const user = (id: string, name: string, realName: string, extra: Partial<FakeUser> = {}): FakeUser => ({
    id, name, realName, displayName: name, isAdmin: false, isOwner: false, isBot: false, tz: 'America/New_York', ...extra,
  });
  return {
    teamId: IDS_B.team,
    teamDomain: IDS_B.teamDomain,
    teamName: 'Second Team',
    appId: IDS.app,
    botId: IDS_B.bot,
    botUserId: IDS_B.botUser,
    botName: 'stepwise',
    users: [user(IDS_B.botUser, 'stepwise', 'Stepwise', { isBot: true }), user(IDS_B.admin, 'bea', 'Bea Admin', { isAdmin: true }), user(IDS_B.member, 'ben', 'Ben Member')],
    channels: [{ id: IDS_B.quizChannel, name: 'quiz', isPrivate: false, isIm: false, members: [IDS_B.botUser, IDS_B.admin, IDS_B.member] }],
    usergroups: [],
  };
}
