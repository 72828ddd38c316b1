/**
 * Every `${…}` and `%{…}` sequence Terraform would evaluate in `text`, read as Terraform's
 * template scanner does: `$${` and `%%{` are escapes for a literal `${` and `%{`.
 */
export function liveInterpolations(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const sigil = text[i];
    if (sigil !== "$" && sigil !== "%") continue;
    if (text[i + 1] === sigil && text[i + 2] === "{") {
      i += 2;
      continue;
    }
    if (text[i + 1] !== "{") continue;
    let end = i + 2;
    for (let depth = 1; end < text.length && depth > 0; end++) {
      if (text[end] === "{") depth++;
      else if (text[end] === "}") depth--;
    }
    found.push(text.slice(i, end));
    i = end - 1;
  }
  return found;
}

/** The live interpolations of every string and object key in a synthesized Terraform document. */
export function liveInterpolationsIn(json: unknown): string[] {
  if (typeof json === "string") return liveInterpolations(json);
  if (Array.isArray(json)) return json.flatMap(liveInterpolationsIn);
  if (typeof json === "object" && json !== null) {
    return Object.entries(json).flatMap(([key, value]) => [...liveInterpolations(key), ...liveInterpolationsIn(value)]);
  }
  return [];
}
