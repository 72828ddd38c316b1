/**
 * A parser for the subset of the Alloy configuration syntax (River) the log agent
 * generates, written from Alloy's scanner rules (syntax/scanner/scanner.go) independently of
 * the generator: strings with Go escapes (no raw newline, NUL or byte order mark), `//`
 * comments, blocks with optional labels, attributes, lists, objects, references, calls and
 * `+`. `npm test` reads generated text with this; `npm run test:real` has Alloy's own parser
 * judge the rendered configs (test/real/alloy-config.test.ts).
 */

export type RiverNode = RiverBlockNode | RiverAttributeNode;
export interface RiverBlockNode {
  readonly kind: "block";
  readonly name: string;
  readonly label?: string;
  readonly body: RiverNode[];
}
export interface RiverAttributeNode {
  readonly kind: "attribute";
  readonly name: string;
  readonly value: RiverParsedValue;
}
/** Strings are decoded; references, calls and `+` expressions are kept as source text. */
export type RiverParsedValue = string | RiverParsedValue[] | { [key: string]: RiverParsedValue } | { readonly expression: string };

type TokenKind = "ident" | "string" | "punct" | "newline" | "eof";
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly offset: number;
}

const SIMPLE_ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"' };

/** Decodes a River string literal (with its quotes) as Alloy does; throws on what Alloy rejects. */
export function decodeRiverString(literal: string): string {
  if (literal.length < 2 || !literal.startsWith('"') || !literal.endsWith('"')) throw new Error(`not a string literal: ${literal}`);
  let out = "";
  for (let i = 1; i < literal.length - 1; i++) {
    const ch = literal[i];
    if (ch === "\n") throw new Error("string literal not terminated (raw newline)");
    if (ch === "\0") throw new Error("illegal character NUL");
    if (ch === "\ufeff") throw new Error("illegal byte order mark");
    if (ch === '"') throw new Error(`unescaped quote at ${i}`);
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const esc = literal[++i];
    if (esc in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[esc];
      continue;
    }
    const [digits, base] = /[0-7]/.test(esc) ? [3, 8] : esc === "x" ? [2, 16] : esc === "u" ? [4, 16] : esc === "U" ? [8, 16] : [0, 0];
    if (digits === 0) throw new Error(`unknown escape sequence \\${esc}`);
    const start = /[0-7]/.test(esc) ? i : i + 1;
    const text = literal.slice(start, start + digits);
    const valid = base === 8 ? /^[0-7]+$/ : /^[0-9a-fA-F]+$/;
    if (text.length !== digits || !valid.test(text)) throw new Error(`bad escape \\${esc}${text}`);
    const code = parseInt(text, base);
    if ((base === 8 || esc === "x") && code > 255) throw new Error("escape sequence out of range");
    if (code > 0x10ffff || (code >= 0xd800 && code < 0xe000)) throw new Error("escape sequence is invalid Unicode code point");
    out += String.fromCodePoint(code);
    i = start + digits - 1;
  }
  return out;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "\0") throw new Error(`illegal character NUL at ${i}`);
    if (ch === "\ufeff" && i > 0) throw new Error(`illegal byte order mark at ${i}`);
    if (ch === " " || ch === "\t" || ch === "\r") {
      i++;
    } else if (ch === "\n") {
      tokens.push({ kind: "newline", text: ch, offset: i++ });
    } else if (text.startsWith("//", i)) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (ch === '"') {
      const start = i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === "\n") throw new Error(`string literal not terminated at ${start}`);
        i += text[i] === "\\" ? 2 : 1;
      }
      if (i >= text.length) throw new Error(`string literal not terminated at ${start}`);
      const literal = text.slice(start, ++i);
      decodeRiverString(literal);
      tokens.push({ kind: "string", text: literal, offset: start });
    } else if (/[A-Za-z_]/.test(ch)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i])) i++;
      tokens.push({ kind: "ident", text: text.slice(start, i), offset: start });
    } else if ("{}[](),.=+".includes(ch)) {
      tokens.push({ kind: "punct", text: ch, offset: i++ });
    } else {
      throw new Error(`illegal character ${JSON.stringify(ch)} at ${i}`);
    }
  }
  tokens.push({ kind: "eof", text: "", offset: text.length });
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  private get current(): Token {
    return this.tokens[this.pos];
  }
  private fail(what: string): never {
    const { offset, text } = this.current;
    const line = this.source.slice(0, offset).split("\n").length;
    throw new Error(`line ${line}: expected ${what}, found ${JSON.stringify(text)}`);
  }
  private is(kind: TokenKind, text?: string): boolean {
    return this.current.kind === kind && (text === undefined || this.current.text === text);
  }
  private expect(kind: TokenKind, text?: string): Token {
    if (!this.is(kind, text)) this.fail(text ?? kind);
    return this.tokens[this.pos++];
  }
  /** The source text from token `start` to the last token read. */
  private sourceOf(start: number): string {
    const last = this.tokens[this.pos - 1];
    return this.source.slice(this.tokens[start].offset, last.offset + last.text.length);
  }
  private skipNewlines(): void {
    while (this.is("newline")) this.pos++;
  }

  /** Statements until `}` or the end; each ends at a newline, `}` or the end. */
  body(topLevel: boolean): RiverNode[] {
    const nodes: RiverNode[] = [];
    for (this.skipNewlines(); !this.is("eof") && !this.is("punct", "}"); this.skipNewlines()) {
      nodes.push(this.statement());
      if (!this.is("newline") && !this.is("eof") && !this.is("punct", "}")) this.fail("end of statement");
    }
    if (topLevel) this.expect("eof");
    return nodes;
  }

  private statement(): RiverNode {
    const parts = [this.expect("ident").text];
    while (this.is("punct", ".")) {
      this.pos++;
      parts.push(this.expect("ident").text);
    }
    if (parts.length === 1 && this.is("punct", "=")) {
      this.pos++;
      return { kind: "attribute", name: parts[0], value: this.expression() };
    }
    const label = this.is("string") ? decodeRiverString(this.expect("string").text) : undefined;
    this.expect("punct", "{");
    const body = this.body(false);
    this.expect("punct", "}");
    return { kind: "block", name: parts.join("."), label, body };
  }

  private expression(): RiverParsedValue {
    const start = this.pos;
    const first = this.operand();
    if (!this.is("punct", "+")) return first;
    while (this.is("punct", "+")) {
      this.pos++;
      this.operand();
    }
    return { expression: this.sourceOf(start) };
  }

  private operand(): RiverParsedValue {
    if (this.is("string")) return decodeRiverString(this.expect("string").text);
    if (this.is("punct", "[")) return this.list();
    if (this.is("punct", "{")) return this.object();
    const start = this.pos;
    this.expect("ident");
    while (this.is("punct", ".")) {
      this.pos++;
      this.expect("ident");
    }
    if (this.is("punct", "(")) {
      this.pos++;
      this.skipNewlines();
      while (!this.is("punct", ")")) {
        this.expression();
        this.skipNewlines();
        if (!this.is("punct", ")")) this.expect("punct", ",");
        this.skipNewlines();
      }
      this.pos++;
    }
    return { expression: this.sourceOf(start) };
  }

  private list(): RiverParsedValue[] {
    this.expect("punct", "[");
    const items: RiverParsedValue[] = [];
    for (this.skipNewlines(); !this.is("punct", "]"); this.skipNewlines()) {
      items.push(this.expression());
      this.skipNewlines();
      if (!this.is("punct", "]")) this.expect("punct", ",");
    }
    this.pos++;
    return items;
  }

  private object(): { [key: string]: RiverParsedValue } {
    this.expect("punct", "{");
    const fields: { [key: string]: RiverParsedValue } = {};
    for (this.skipNewlines(); !this.is("punct", "}"); this.skipNewlines()) {
      const key = this.is("string") ? decodeRiverString(this.expect("string").text) : this.expect("ident").text;
      if (key in fields) throw new Error(`duplicate object key ${key}`);
      this.expect("punct", "=");
      fields[key] = this.expression();
      this.skipNewlines();
      if (!this.is("punct", "}")) this.expect("punct", ",");
    }
    this.pos++;
    return fields;
  }
}

/** Parses River text; throws with a line number on the first syntax error. */
export function parseRiver(text: string): RiverNode[] {
  return new Parser(tokenize(text), text).body(true);
}

/** Blocks named `name` (and labelled `label`, when given) among `nodes`. */
export function blocks(nodes: readonly RiverNode[], name: string, label?: string): RiverBlockNode[] {
  return nodes.filter((n): n is RiverBlockNode => n.kind === "block" && n.name === name && (label === undefined || n.label === label));
}

/** The one block named `name` (and labelled `label`); throws unless there is exactly one. */
export function block(nodes: readonly RiverNode[], name: string, label?: string): RiverBlockNode {
  const found = blocks(nodes, name, label);
  if (found.length !== 1) throw new Error(`expected one block ${name} ${label ?? ""}, found ${found.length}`);
  return found[0];
}

/** The attributes of a block as a map of decoded values. */
export function attributes(node: RiverBlockNode): Record<string, RiverParsedValue> {
  return Object.fromEntries(node.body.filter((n): n is RiverAttributeNode => n.kind === "attribute").map((n) => [n.name, n.value]));
}
