/** Turns file bytes into parser text: strict UTF-8, no BOM, LF line ends. */

/** Decoded text, or the 1-based line of the first byte that is not valid UTF-8. */
export function decodeContent(bytes: Uint8Array): { text: string } | { badLine: number } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n') };
  } catch {
    return { badLine: firstBadLine(bytes) };
  }
}

function firstBadLine(bytes: Uint8Array): number {
  const strict = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        strict.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line += 1;
      start = i + 1;
    }
  }
  return line;
}
