/**
 * Every string the panel and the popup show comes from the message catalog: a component
 * that writes English text in JSX (an element's text, a user-facing attribute, or a literal
 * in a `{…}` child) fails here with the file, line and text. Code samples inside `<code>`
 * and a few units and product tokens are not language.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');

/** Words that read the same in every language: units, percentile names, file kinds, a permission's name. */
const TECHNICAL = new Set(['ms', 'B', 'lz', 'p50', 'p95', 'CSV', '.sse', 'debugger', '1×', '10×']);
/** Attributes people read (or hear, from a screen reader). */
const READ_ATTRIBUTES = new Set(['title', 'aria-label', 'placeholder', 'label', 'alt', 'empty', 'left', 'right']);
/** Elements whose text is code, not language. */
const CODE_ELEMENTS = new Set(['code', 'kbd']);

function tsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsxFiles(path) : path.endsWith('.tsx') ? [path] : [];
  });
}

const hasWords = (text: string) => /[A-Za-z]{2,}|[A-Z]/.test(text) && !TECHNICAL.has(text.trim());

/** The text a literal holds, or null for anything else. */
function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return null;
}

/** Literals a `{…}` child shows: itself, either branch of `?:`, the right of `&&`/`||`/`??`. */
function shownLiterals(node: ts.Node): ts.Node[] {
  if (ts.isParenthesizedExpression(node)) return shownLiterals(node.expression);
  if (ts.isConditionalExpression(node)) return [...shownLiterals(node.whenTrue), ...shownLiterals(node.whenFalse)];
  if (ts.isBinaryExpression(node)) return shownLiterals(node.right);
  return literalText(node) === null ? [] : [node];
}

/** English written into JSX in `source`: `line: text` for each. */
export function literalsIn(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => found.push(`${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${text.trim()}`);
  const inCode = (node: ts.Node) => {
    const element = node.parent;
    return ts.isJsxElement(element) && CODE_ELEMENTS.has(element.openingElement.tagName.getText());
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text) && !inCode(node)) report(node, node.text);
    if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText()) && node.initializer) {
      const value = ts.isJsxExpression(node.initializer) ? node.initializer.expression : node.initializer;
      const text = value ? literalText(value) : null;
      if (value && text !== null && hasWords(text)) report(value, `${node.name.getText()}=${text}`);
    }
    if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)) && !inCode(node)) {
      for (const literal of shownLiterals(node.expression)) {
        const text = literalText(literal)!;
        if (hasWords(text)) report(literal, text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('UI text comes from the catalog', () => {
  const files = [...tsxFiles(join(ROOT, 'components')), ...tsxFiles(join(ROOT, 'entrypoints'))];

  it('scans the panel and popup components', () => {
    expect(files.length).toBeGreaterThan(25);
  });

  for (const path of files) {
    it(relative(ROOT, path), () => {
      expect(literalsIn(path, readFileSync(path, 'utf8'))).toEqual([]);
    });
  }

  it('finds text, attributes and shown literals, and leaves code, units and class names alone', () => {
    const sample = `
      const A = () => (
        <div className={\`row \${x ? 'on' : ''}\`} data-testid="row">
          <h2>Stream details</h2>
          <button title="Clear the log" aria-label={t('x.y')}>{t('toolbar.clear')}</button>
          <span>{paused ? 'Resume' : t('toolbar.pause')}</span>
          {count > 0 && \`\${count} more\`}
          <code>event: message</code> <span>ms</span>
          <input placeholder={\`Filter \${what}\`} />
        </div>
      );`;
    expect(literalsIn('sample.tsx', sample)).toEqual(['4: Stream details', '5: title=Clear the log', '6: Resume', '7: more', '9: placeholder=Filter']);
  });
});
