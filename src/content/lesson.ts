/** The lesson sections a pack may have, in the order `/quiz learn` shows them. */

/** Canonical section titles; `The big idea` and `Key takeaways` are required. */
export const LESSON_SECTIONS = [
  'The big idea',
  'The scenario',
  'The problem',
  'The solution',
  'Before vs after',
  'What it enables',
  'Real-life example',
  'Key takeaways',
] as const;

export const REQUIRED_LESSON_SECTIONS = ['The big idea', 'Key takeaways'] as const;

/** The canonical title for a heading as a teacher wrote it ("Big idea", "the Scenario"), or undefined. */
export function lessonSectionTitle(heading: string): string | undefined {
  const key = (s: string) => s.toLowerCase().replace(/^the\s+/, '').replace(/[^a-z]/g, '');
  return LESSON_SECTIONS.find((t) => key(t) === key(heading));
}
