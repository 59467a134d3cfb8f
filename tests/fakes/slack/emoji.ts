/**
 * Standard emoji names the fake accepts in reactions.add. Slack refuses any other name with
 * `invalid_name` (reactions.add "Errors": "Value passed for name was invalid"). A workspace may add
 * custom emoji; the fake's workspace has none. Skin tones (`thumbsup::skin-tone-2`) are accepted.
 */
const STANDARD = new Set([
  'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'keycap_ten', 'zero',
  'a', 'b', 'ab', 'o2', 'white_check_mark', 'heavy_check_mark', 'x', 'thumbsup', '+1', 'thumbsdown', '-1',
  'tada', 'robot_face', 'eyes', 'heart', 'fire', 'rocket', 'wave', 'smile', 'joy', 'thinking_face', 'pray',
  'clap', 'raised_hands', 'ok_hand', 'question', 'grey_question', 'exclamation', 'star', 'bulb', 'memo', 'lock',
]);

/** True for a name Slack would accept for reactions.add in the fake's workspace. */
export function isKnownEmoji(name: string): boolean {
  const [base, tone, ...rest] = name.split('::');
  if (rest.length || base === undefined) return false;
  if (tone !== undefined && !/^skin-tone-[2-6]$/.test(tone)) return false;
  return STANDARD.has(base);
}
