/** A pack whose text tries to ping everyone: both adapters must show it and notify nobody. */

/** A Discord role mention, as content might hold one. */
export const ROLE = '<@&123456789012345678>';
/** The pack, in our Markdown format. */
export const PINGS_PACK = `# Pack: Pings @everyone ${ROLE} <!channel>

id: pings
topic: Safety

## Lesson

### The big idea
Nothing a pack says may ping @everyone, ${ROLE} or <!channel>.

### Key takeaways
- Content is shown, never obeyed.

## Question: pings-all

difficulty: easy
takeaway: 1

Hey @everyone, ${ROLE} and <!channel>: who gets notified?

A) @everyone
B) ${ROLE}
C) <!channel>
D) Nobody

answer: D

### Solution
1. Read what the bot sends
   Mentions are escaped or disallowed, so @everyone, ${ROLE} and <!channel> stay text.

### Final answer
Nobody -> Option D

### Quick check
No pings

### Hint
Look at how the bot sends text

### Common mistakes
- Thinking <!channel> in a pack is safe

### Why not
- C: <!channel> would ping if it were not escaped.
`;
