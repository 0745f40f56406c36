/**
 * The redactor of one bundle item: fed blocks of whole lines, in order, it returns what the
 * bundle holds in their place. It keeps only a little state between blocks — whether it is
 * inside a span (a PEM private key, a multi-line secret element) — so memory stays bounded
 * whatever the item's size, and the output does not depend on how the lines were cut into
 * blocks (the preview and the writer cut differently and must agree byte for byte).
 *
 * Rules come from redaction-rules.ts; the engine's log redactor (logging/redact.ts) runs
 * last on lines that still look secret, as a net under both.
 */
import { redactText } from '../../logging/redact.js';
import type { Pseudonymizer } from './pseudonymizer.js';
import { type RedactionCounts, type RedactionKind, type RedactionLevel } from './redaction-level.js';
import { type LineRule, type RuleContext, type SpanRule, addressScans, escapeRegExp, lineRules, spanRules } from './redaction-rules.js';

/** Names the host knows identify this person or device (OS user name, host name), replaced wherever they stand. */
export interface KnownIdentifiers {
  users?: readonly string[];
  hosts?: readonly string[];
}

export interface TextRedactorOptions {
  level: RedactionLevel;
  pseudonyms: Pseudonymizer;
  known?: KnownIdentifiers;
}

/** Shortest known identifier replaced as a literal: shorter ones ("ab") would hit ordinary words. */
const MIN_KNOWN_LENGTH = 3;
const SAFETY_NET_GUARD = /pass|psk|secret|token|api[-_]?key|bearer|basic|private key/i;

interface OpenSpan {
  rule: SpanRule;
  end: RegExp;
}

/** One step of the line pipeline: a rule with its guard and the bit of the scan that selects lines for it. */
interface Step {
  rule: LineRule;
  /** This step's bit in a line's mask (steps past the 31st share the last bit: a shared bit only costs guard tests). */
  bit: number;
  /** `rule.replace` with the context bound, as String.replace calls it (match, groups…, offset, input: the rule reads its groups only). */
  replacer: (match: string, ...groups: string[]) => string;
}

/** An address rule run over the whole text after the line steps: directly, or on the lines its guard (`walk`) hits. */
interface TailRule {
  pattern: RegExp;
  replacer: (match: string, ...groups: string[]) => string;
  walk: RegExp | undefined;
}

/**
 * A block-wide scan, global (to walk a block) and not (to re-test one line). A word scan's hits
 * on a line select the steps that need those words (`words`, by the word in lower case); an
 * address scan's hit selects the steps that need its shape (`steps`).
 */
interface Scan {
  walk: RegExp;
  test: RegExp;
  words: Map<string, number> | undefined;
  steps: number;
  /** Words with no letters (`@`, `%40`): searched with indexOf, much faster than a regular expression. */
  literals: readonly string[] | undefined;
  /** Where each literal's next hit in the current block is (as `next`). */
  literalNext: number[];
  /** Where this scan's next hit in the current block is (-1: not looked for yet, Infinity: none). */
  next: number;
}

/** The safety net runs first on every line its guard matches. */
const SAFETY_NET: LineRule = {
  kind: 'password',
  levels: ['minimal', 'standard', 'strict'],
  guard: SAFETY_NET_GUARD,
  needs: ['pass', 'psk', 'secret', 'token', 'key', 'bearer', 'basic'],
  pattern: /(?:)/g,
  replace: (_context, match) => match,
};

export class TextRedactor {
  readonly counts: RedactionCounts = {};
  private readonly context: RuleContext;
  private readonly steps: readonly Step[];
  private readonly scans: readonly Scan[];
  private readonly spans: readonly SpanRule[];
  private readonly tail: readonly TailRule[];
  private span: OpenSpan | undefined;

  constructor(options: TextRedactorOptions) {
    const counts = this.counts;
    this.context = {
      pseudonyms: options.pseudonyms,
      level: options.level,
      count: (kind: RedactionKind) => {
        counts[kind] = (counts[kind] ?? 0) + 1;
      },
    };
    const known = knownRule(options.known);
    const rules = lineRules.filter((rule) => rule.levels.includes(options.level));
    // Known names go before the generic identifier rules, so "alice" in /home/alice and in free text gets one token.
    const ordered = known && options.level !== 'minimal' ? [...rules.slice(0, rules.findIndex((rule) => rule.kind === 'user')), known, ...rules.slice(rules.findIndex((rule) => rule.kind === 'user'))] : rules;
    const all = [SAFETY_NET, ...ordered];
    const scans: Scan[] = [];
    const steps: Step[] = [];
    // The rules' words, the shortest set that still finds them all ("pass" finds "password" too), in two
    // scans: words that start with a letter, and the others (`@`, `%40`), which would slow the first.
    const words = [...new Set(all.flatMap((rule) => (typeof rule.needs === 'string' ? [] : rule.needs.map((word) => word.toLowerCase()))))];
    const needed = words.filter((word) => !words.some((other) => other !== word && word.includes(other))).sort();
    // The address rules at the end of the list (MAC, IPv4, IPv6) run over the whole text, one after the
    // other, after the line steps: they are most of the matches, and a rule over the whole text is what
    // the reference does.
    let tailStart = all.length;
    while (tailStart > 0 && typeof all[tailStart - 1]!.needs === 'string') tailStart--;
    const tail = all.slice(tailStart);
    for (const [index, rule] of all.slice(0, tailStart).entries()) steps.push({ rule, replacer: rule.replace.bind(undefined, this.context), bit: 1 << Math.min(index, 30) });
    /** The steps one of whose needed words holds `word` (a line holding such a need word holds `word`). */
    const stepsOf = (word: string) => steps.reduce((bits, step) => (typeof step.rule.needs !== 'string' && step.rule.needs.some((need) => need.toLowerCase().includes(word)) ? bits | step.bit : bits), 0);
    for (const group of [needed.filter((word) => /^[a-z]/.test(word)), needed.filter((word) => !/^[a-z]/.test(word))]) {
      const words = new Map(group.map((word) => [word, stepsOf(word)] as const));
      const used = group.filter((word) => words.get(word) !== 0);
      if (used.length === 0) continue;
      const source = used.map(escapeRegExp).join('|');
      const literals = used.every((word) => word.toLowerCase() === word.toUpperCase()) ? used : undefined;
      scans.push({ walk: new RegExp(source, 'gi'), test: new RegExp(source, 'gi'), words, steps: 0, next: -1, literals, literalNext: used.map(() => -1) });
    }
    for (const address of addressScans) {
      const rulesOf = steps.filter((step) => step.rule.needs === address);
      if (rulesOf.length === 0) continue;
      // The union of the guards of the rules on this shape (case-insensitive if any of them is).
      const source = rulesOf.map((step) => `(?:${step.rule.guard.source})`).join('|');
      const flags = rulesOf.some((step) => step.rule.guard.ignoreCase) ? 'i' : '';
      scans.push({ walk: new RegExp(source, `${flags}g`), test: new RegExp(source, flags), words: undefined, steps: rulesOf.reduce((bits, step) => bits | step.bit, 0), next: -1, literals: undefined, literalNext: [] });
    }
    this.scans = scans;
    this.steps = steps;
    this.tail = tail.map((rule) => ({
      pattern: rule.pattern,
      replacer: rule.replace.bind(undefined, this.context),
      // A rule whose guard hits few lines (IPv6: `::`) runs on those lines only; the others over the whole text.
      walk: rule.needs === 'ipv6' ? new RegExp(rule.guard.source, `${rule.guard.flags.replace('g', '')}g`) : undefined,
    }));
    this.spans = spanRules.filter((rule) => rule.levels.includes(options.level));
  }

  /** True while a span (e.g. a private key) is open: cutting the item here would leak its inside. */
  get insideSpan(): boolean {
    return this.span !== undefined;
  }

  /** Redacts `text`, which ends at a line end (or is the last piece of the item). */
  redact(text: string): string {
    let out = '';
    let position = 0;
    while (position < text.length) {
      if (this.span) {
        const end = this.span.end;
        end.lastIndex = position;
        const match = end.exec(text);
        if (!match) return out; // the span goes on: drop the rest of this block
        out += this.span.rule.close(match);
        position = match.index + match[0].length;
        this.span = undefined;
        continue;
      }
      const found = this.nextSpan(text, position);
      if (!found) {
        out += this.redactLines(position === 0 ? text : text.slice(position));
        break;
      }
      const [rule, begin] = found;
      out += this.redactLines(text.slice(position, begin.index));
      this.context.count(rule.kind);
      out += rule.open(begin);
      this.span = { rule, end: rule.end(begin) };
      position = begin.index + begin[0].length;
    }
    return out;
  }

  /** The first span that opens at or after `from`: the earliest begin of any rule, the first rule on a tie. */
  private nextSpan(text: string, from: number): [SpanRule, RegExpExecArray] | undefined {
    // Every begin pattern starts with `<` or `-`: a block with neither (most log blocks) has no span.
    if (text.indexOf('<', from) < 0 && text.indexOf('-----', from) < 0) return undefined;
    let best: [SpanRule, RegExpExecArray] | undefined;
    for (const rule of this.spans) {
      rule.begin.lastIndex = from;
      const match = rule.begin.exec(text);
      if (match && (!best || match.index < best[1].index)) best = [rule, match];
    }
    return best;
  }

  /**
   * Runs the line rules on whole lines. The scans find the lines any rule could change; each
   * of those goes through the rules in order (each behind its guard), every other line is
   * passed on as it is. Rules match within one line, so this gives the same text as running
   * every rule over the whole block, rule after rule.
   */
  private redactLines(text: string): string {
    if (text.length === 0) return text;
    let result = this.scans.length === 0 ? text : this.lineSteps(text);
    for (const rule of this.tail) result = rule.walk ? this.tailLines(rule, rule.walk, result) : this.replaceAll(rule.pattern, rule.replacer, result);
    return result;
  }

  private replaceAll(pattern: RegExp, replacer: (match: string, ...groups: string[]) => string, text: string): string {
    pattern.lastIndex = 0;
    return text.replace(pattern, replacer);
  }

  /** A tail rule on the lines its guard hits (each line once), every other line copied. */
  private tailLines(rule: TailRule, walk: RegExp, text: string): string {
    const parts: string[] = [];
    let copied = 0;
    walk.lastIndex = 0;
    while (walk.lastIndex < text.length) {
      const match = walk.exec(text);
      if (!match) break;
      const start = match.index === 0 ? 0 : text.lastIndexOf('\n', match.index - 1) + 1;
      const newline = text.indexOf('\n', match.index);
      const end = newline < 0 ? text.length : newline;
      const line = text.slice(start, end);
      const redacted = this.replaceAll(rule.pattern, rule.replacer, line);
      if (redacted !== line) {
        parts.push(text.slice(copied, start), redacted);
        copied = end;
      }
      walk.lastIndex = end + 1;
    }
    if (copied === 0) return text;
    parts.push(text.slice(copied));
    return parts.join('');
  }

  /** The line steps (every rule but the tail) on the lines the scans pick. */
  private lineSteps(text: string): string {
    const scans = this.scans;
    for (const scan of scans) {
      scan.next = -1;
      scan.literalNext.fill(-1);
    }
    const parts: string[] = [];
    let copied = 0;
    let position = 0;
    while (position < text.length) {
      let hit = Infinity;
      for (const scan of scans) {
        if (scan.next < position) scan.next = scan.literals ? this.nextLiteral(scan, scan.literals, text, position) : this.nextMatch(scan.walk, text, position);
        if (scan.next < hit) hit = scan.next;
      }
      if (hit === Infinity) break;
      const start = hit === 0 ? 0 : text.lastIndexOf('\n', hit - 1) + 1;
      const newline = text.indexOf('\n', hit);
      const end = newline < 0 ? text.length : newline;
      const line = text.slice(start, end);
      let mask = 0;
      // A scan's next hit is its first on this line: its words start there.
      for (const scan of scans) if (scan.next <= end) mask |= scan.words ? this.wordSteps(scan, scan.words, line, scan.next - start) : scan.steps;
      const redacted = mask === 0 ? line : this.redactLine(line, mask);
      if (redacted !== line) {
        parts.push(text.slice(copied, start), redacted);
        copied = end;
      }
      position = end + 1;
    }
    if (copied === 0) return text;
    parts.push(text.slice(copied));
    return parts.join('');
  }

  private nextMatch(walk: RegExp, text: string, position: number): number {
    walk.lastIndex = position;
    const match = walk.exec(text);
    return match ? match.index : Infinity;
  }

  /** The first hit at or after `position` of any of the literals (each searched again only once passed). */
  private nextLiteral(scan: Scan, literals: readonly string[], text: string, position: number): number {
    const next = scan.literalNext;
    let hit = Infinity;
    for (let index = 0; index < literals.length; index++) {
      let at = next[index]!;
      if (at < position) {
        at = text.indexOf(literals[index]!, position);
        next[index] = at = at < 0 ? Infinity : at;
      }
      if (at < hit) hit = at;
    }
    return hit;
  }

  /**
   * The steps that need the words of `scan` found in `line`: every occurrence of every word (the
   * walk moves on one character at a time, so words cannot hide each other; no word holds another).
   */
  private wordSteps(scan: Scan, words: Map<string, number>, line: string, from = 0): number {
    let mask = 0;
    if (scan.literals) {
      for (const literal of scan.literals) if (line.includes(literal, from)) mask |= words.get(literal)!;
      return mask;
    }
    const walk = scan.test;
    walk.lastIndex = from;
    for (let match = walk.exec(line); match; match = walk.exec(line)) {
      // A match whose lower case is not a word (case folding beyond ASCII) selects every step.
      mask |= words.get(match[0].toLowerCase()) ?? -1;
      walk.lastIndex = match.index + 1;
    }
    return mask;
  }

  /** The steps any scan selects on `line`. */
  private lineMask(line: string): number {
    let mask = 0;
    for (const scan of this.scans) {
      if (scan.words) mask |= this.wordSteps(scan, scan.words, line);
      else if (scan.test.test(line)) mask |= scan.steps;
    }
    return mask;
  }

  /** One line through every step the scans selected, in order; after a change the scans are re-run on the new line. */
  private redactLine(line: string, hits: number): string {
    let mask = hits;
    let result = line;
    for (const step of this.steps) {
      if ((mask & step.bit) === 0 || !step.rule.guard.test(result)) continue;
      const next = step.rule === SAFETY_NET ? this.safetyNet(result) : this.apply(step, result);
      if (next === result) continue;
      result = next;
      mask = this.lineMask(result);
    }
    return result;
  }

  private apply(step: Step, text: string): string {
    step.rule.pattern.lastIndex = 0;
    return text.replace(step.rule.pattern, step.replacer);
  }

  /**
   * The engine's log redactor first, as a net under the bundle's rules (which then see its
   * `[redacted]` and leave it). Its patterns may use `\s`, so it runs line by line: a block's
   * cut cannot change its result.
   */
  private safetyNet(line: string): string {
    const redacted = redactText(line);
    if (redacted !== line) this.context.count('password');
    return redacted;
  }
}

/** The rule that replaces the names the host knows (exported for the tests' reference redactor). */
export function knownRule(known: KnownIdentifiers | undefined): LineRule | undefined {
  const kinds = new Map<string, 'user' | 'host'>();
  // A name is matched within one line, like every line rule: one with a line break in it cannot be.
  const usable = (name: string) => name.length >= MIN_KNOWN_LENGTH && !/[\r\n\u2028\u2029]/.test(name);
  for (const host of known?.hosts ?? []) if (usable(host)) kinds.set(host.toLowerCase(), 'host');
  for (const user of known?.users ?? []) if (usable(user)) kinds.set(user.toLowerCase(), 'user');
  if (kinds.size === 0) return undefined;
  const names = [...kinds.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(String.raw`(?<![A-Za-z0-9_#])(?:${names.join('|')})(?![A-Za-z0-9_])`, 'gi');
  return {
    kind: 'user',
    levels: ['standard', 'strict'],
    guard: new RegExp(names.join('|'), 'i'),
    needs: [...kinds.keys()],
    pattern,
    replace: (context, match) => {
      const kind = kinds.get(match.toLowerCase()) ?? 'user';
      context.count(kind);
      return context.pseudonyms.token(kind, match);
    },
  };
}
