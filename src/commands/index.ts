/** Commands: the registry, the text parser and the dispatcher every adapter uses. */
export { COMMANDS } from './registry.ts';
export { dispatch } from './dispatch.ts';
export { parseText } from './parse-text.ts';
export { usageOf } from './usage.ts';
export * from './types.ts';
