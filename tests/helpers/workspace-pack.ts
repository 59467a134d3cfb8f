/** Pack files as a workspace would upload them, and an in-memory file for a command's attachment option. */
import type { IncomingFile } from '../../src/core/ports.ts';

/** One question of `packMarkdown`: its id and the text its options carry (answer is always B). */
export interface PackQuestion {
  id: string;
  prompt?: string;
  difficulty?: 'easy' | 'medium' | 'hard';
}

function question(q: PackQuestion, n: number): string {
  return `## Question: ${q.id}

difficulty: ${q.difficulty ?? 'easy'}

${q.prompt ?? `Which badge opens door ${n} of building ${q.id}?`}

A) The red badge number ${n}
B) The blue badge number ${n}
C) The green badge number ${n}

answer: B

### Solution
1. Look at the door sign
   Door ${n} of ${q.id} says blue badges only.

### Final answer
The blue badge -> Option B

### Quick check
Blue for door ${n}

### Hint
Read the sign on door ${n}

### Common mistakes
- Using the badge of another building
`;
}

/** A valid pack in content/README.md's format. */
export function packMarkdown(id: string, title: string, questions: PackQuestion[]): string {
  return `# Pack: ${title}

id: ${id}
topic: Onboarding

## Lesson

### The big idea
Every door of ${title} has its own badge colour.

### Key takeaways
- Read the sign before you badge in.

${questions.map(question).join('\n')}`;
}

/** An attachment held in memory; `reads` counts how often it was fetched. */
export function memoryFile(name: string, text: string | Uint8Array, size?: number): IncomingFile & { reads: number } {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const file = {
    name,
    reads: 0,
    ...(size !== undefined ? { size } : {}),
    async read(maxBytes: number) {
      file.reads += 1;
      return bytes.length > maxBytes ? { tooBig: bytes.length } : { bytes };
    },
  };
  return file;
}
