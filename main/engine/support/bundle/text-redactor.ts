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
import { type LineRule, type RuleContext, type SpanRule, escapeRegExp, lineRules, spanRules } from './redaction-rules.js';

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

export class TextRedactor {
  readonly counts: RedactionCounts = {};
  private readonly context: RuleContext;
  private readonly rules: readonly LineRule[];
  private readonly spans: readonly SpanRule[];
  private readonly spanBegin: RegExp | undefined;
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
    this.rules = known && options.level !== 'minimal' ? [...rules.slice(0, rules.findIndex((rule) => rule.kind === 'user')), known, ...rules.slice(rules.findIndex((rule) => rule.kind === 'user'))] : rules;
    this.spans = spanRules.filter((rule) => rule.levels.includes(options.level));
    this.spanBegin = this.spans.length ? new RegExp(this.spans.map((rule) => `(${rule.begin.source})`).join('|'), 'gi') : undefined;
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

  private nextSpan(text: string, from: number): [SpanRule, RegExpExecArray] | undefined {
    if (!this.spanBegin) return undefined;
    this.spanBegin.lastIndex = from;
    const combined = this.spanBegin.exec(text);
    if (!combined) return undefined;
    // Which rule opened it: re-run that rule's own pattern at the same place for its groups.
    for (const rule of this.spans) {
      rule.begin.lastIndex = combined.index;
      const match = rule.begin.exec(text);
      if (match && match.index === combined.index) return [rule, match];
    }
    return undefined;
  }

  private redactLines(text: string): string {
    if (text.length === 0) return text;
    let result = this.safetyNet(text);
    for (const rule of this.rules) {
      if (rule.guard && !rule.guard.test(result)) continue;
      result = rule.anchors ? this.onAnchoredLines(rule, result) : this.apply(rule, result);
    }
    return result;
  }

  private apply(rule: LineRule, text: string): string {
    rule.pattern.lastIndex = 0;
    return text.replace(rule.pattern, (match: string, ...groups: unknown[]) => rule.replace(this.context, match, ...(groups as string[])));
  }

  /** Runs `rule` only on the lines that hold one of its anchors; every other line is passed on unscanned. */
  private onAnchoredLines(rule: LineRule, text: string): string {
    let out = '';
    let done = 0;
    for (;;) {
      let at = -1;
      for (const anchor of rule.anchors ?? []) {
        const index = text.indexOf(anchor, done);
        if (index >= 0 && (at < 0 || index < at)) at = index;
      }
      if (at < 0) break;
      const start = text.lastIndexOf('\n', at) + 1;
      const newline = text.indexOf('\n', at);
      const end = newline < 0 ? text.length : newline;
      const from = Math.max(start, done);
      out += text.slice(done, from) + this.apply(rule, text.slice(from, end));
      done = end;
    }
    return done === 0 ? text : out + text.slice(done);
  }

  /**
   * The engine's log redactor first, as a net under the bundle's rules (which then see its
   * `[redacted]` and leave it). Its patterns may use `\s`, so it runs line by line: a block's
   * cut cannot change its result.
   */
  private safetyNet(text: string): string {
    if (!SAFETY_NET_GUARD.test(text)) return text;
    return text
      .split('\n')
      .map((line) => {
        if (!SAFETY_NET_GUARD.test(line)) return line;
        const redacted = redactText(line);
        if (redacted !== line) this.context.count('password');
        return redacted;
      })
      .join('\n');
  }
}

function knownRule(known: KnownIdentifiers | undefined): LineRule | undefined {
  const kinds = new Map<string, 'user' | 'host'>();
  for (const host of known?.hosts ?? []) if (host.length >= MIN_KNOWN_LENGTH) kinds.set(host.toLowerCase(), 'host');
  for (const user of known?.users ?? []) if (user.length >= MIN_KNOWN_LENGTH) kinds.set(user.toLowerCase(), 'user');
  if (kinds.size === 0) return undefined;
  const names = [...kinds.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(String.raw`(?<![A-Za-z0-9_#])(?:${names.join('|')})(?![A-Za-z0-9_])`, 'gi');
  return {
    kind: 'user',
    levels: ['standard', 'strict'],
    pattern,
    replace: (context, match) => {
      const kind = kinds.get(match.toLowerCase()) ?? 'user';
      context.count(kind);
      return context.pseudonyms.token(kind, match);
    },
  };
}
