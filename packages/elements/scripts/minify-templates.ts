/**
 * Build-time minification of Lit's tagged templates (css``, html``, svg``): the whitespace and comments inside
 * them are pure weight in the shipped bundle (a JS minifier never touches template contents). Parsed with the
 * TypeScript compiler, so nested templates and `${}` expressions are handled exactly; only the literal text of the
 * templates changes. Used by the CDN build and by `pnpm bench`.
 */
import ts from 'typescript';

const TAGS = new Set(['css', 'html', 'svg']);

function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,])\s*/g, '$1')
    .replace(/;}/g, '}');
}

/** Whitespace containing a line break collapses to one space (keeps inline spacing, drops indentation). */
function minifyMarkup(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, '').replace(/[ \t]*\n\s*/g, ' ');
}

export function minifyTemplates(source: string, fileName = 'file.ts'): string {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && TAGS.has(node.tag.text)) {
      const minify = node.tag.text === 'css' ? minifyCss : minifyMarkup;
      const parts: ts.Node[] = ts.isNoSubstitutionTemplateLiteral(node.template)
        ? [node.template]
        : [node.template.head, ...node.template.templateSpans.map((s) => s.literal)];
      for (const part of parts) {
        // The raw text between the delimiters (` … ${, } … ${, } … `).
        const start = part.getStart(file) + 1;
        const end = part.getEnd() - (ts.isTemplateHead(part) || ts.isTemplateMiddle(part) ? 2 : 1);
        const raw = source.slice(start, end);
        const out = minify(raw);
        if (out !== raw) edits.push({ start, end, text: out });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = source;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
