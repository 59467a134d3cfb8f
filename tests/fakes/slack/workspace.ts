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
}

/** A conversation in the fake workspace (public/private channel or the bot's DM with a user). */
export interface FakeChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  /** User ids in the conversation; the bot counts as a member only if its user id is listed. */
  members: string[];
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
    ],
    channels: [
      {
        id: IDS.quizChannel,
        name: 'quiz',
        isPrivate: false,
        isIm: false,
        members: [IDS.botUser, IDS.admin, IDS.owner, IDS.member],
      },
      {
        id: IDS.otherChannel,
        name: 'random',
        isPrivate: false,
        isIm: false,
        members: [IDS.admin, IDS.owner, IDS.member, IDS.outsider],
      },
    ],
  };
}
