/** The bot scopes Stepwise asks for: the OAuth install requests exactly these, and both manifests list them (a test checks). */
export const BOT_SCOPES = ['commands', 'chat:write', 'reactions:write', 'reactions:read', 'users:read', 'usergroups:read', 'im:write', 'im:history', 'channels:read', 'groups:read', 'files:read', 'files:write'] as const;
