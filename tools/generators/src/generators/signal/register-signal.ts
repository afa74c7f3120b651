import ts from 'typescript';

/** The array in `registered-signals.ts` that lists the signal plug-ins. */
export const REGISTERED_SIGNALS_ARRAY = 'registeredSignalPlugins';

/** A plug-in to add to the registry: `import { <exportName> } from '<importPath>'`. */
export interface SignalRegistration {
  importPath: string;
  exportName: string;
}

/** The edited source, or why the file could not be edited. */
export type RegistrationEdit = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Adds an import of the plug-in and appends it to the `registeredSignalPlugins` array literal,
 * keeping the file's layout: imports stay sorted by module, a multi-line array stays one entry per
 * line. Works on the syntax tree (TypeScript compiler API), so comments and formatting elsewhere
 * are left as they are.
 */
export function addSignalRegistration(source: string, registration: SignalRegistration): RegistrationEdit {
  const file = ts.createSourceFile('registered-signals.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const imports = file.statements.filter(ts.isImportDeclaration);
  if (imports.some((declaration) => moduleOf(declaration) === registration.importPath)) {
    return { ok: false, reason: `${registration.importPath} is already registered` };
  }
  const array = findRegisteredArray(file);
  if (array === undefined) {
    return { ok: false, reason: `no \`export const ${REGISTERED_SIGNALS_ARRAY} = [ … ]\` array literal found` };
  }

  const edits: Array<{ at: number; insert: string }> = [];
  const importLine = `import { ${registration.exportName} } from '${registration.importPath}';`;
  const next = imports.find((declaration) => moduleOf(declaration) > registration.importPath);
  if (next !== undefined) edits.push({ at: next.getStart(file), insert: `${importLine}\n` });
  else if (imports.length > 0) edits.push({ at: imports[imports.length - 1].end, insert: `\n${importLine}` });
  else edits.push({ at: 0, insert: `${importLine}\n\n` });
  edits.push(arrayEntryEdit(file, array, registration.exportName));

  // Apply from the end so earlier offsets stay valid.
  let text = source;
  for (const edit of edits.sort((a, b) => b.at - a.at)) text = text.slice(0, edit.at) + edit.insert + text.slice(edit.at);
  return { ok: true, text };
}

function arrayEntryEdit(file: ts.SourceFile, array: ts.ArrayLiteralExpression, entry: string): { at: number; insert: string } {
  const elements = array.elements;
  const open = array.getStart(file) + 1;
  const multiLine = file.text.slice(open, array.end).includes('\n');
  if (elements.length === 0) {
    return multiLine ? { at: open, insert: `\n  ${entry},` } : { at: open, insert: entry };
  }
  const last = elements[elements.length - 1];
  const indent = multiLine ? indentationOf(file, last) : '';
  return { at: last.end, insert: multiLine ? `,\n${indent}${entry}` : `, ${entry}` };
}

function findRegisteredArray(file: ts.SourceFile): ts.ArrayLiteralExpression | undefined {
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== REGISTERED_SIGNALS_ARRAY) continue;
      const initializer = declaration.initializer && unwrap(declaration.initializer);
      if (initializer !== undefined && ts.isArrayLiteralExpression(initializer)) return initializer;
    }
  }
  return undefined;
}

/** Sees through `[…] as const` and `[…] satisfies …`. */
function unwrap(expression: ts.Expression): ts.Expression {
  if (ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression) || ts.isParenthesizedExpression(expression)) {
    return unwrap(expression.expression);
  }
  return expression;
}

function moduleOf(declaration: ts.ImportDeclaration): string {
  return ts.isStringLiteral(declaration.moduleSpecifier) ? declaration.moduleSpecifier.text : '';
}

function indentationOf(file: ts.SourceFile, node: ts.Node): string {
  const start = node.getStart(file);
  const lineStart = file.text.lastIndexOf('\n', start - 1) + 1;
  return file.text.slice(lineStart, start).match(/^[ \t]*/)?.[0] ?? '';
}
