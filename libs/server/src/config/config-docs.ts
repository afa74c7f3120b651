import { configVariables } from './config-variables';
import type { ConfigVariable } from './config-variables';

/** Markers around the generated table in the library README. */
export const CONFIG_TABLE_START = '<!-- config-table:start -->';
export const CONFIG_TABLE_END = '<!-- config-table:end -->';

/** Renders the configuration table as Markdown, for the README (a test keeps the two in step). */
export function renderConfigTable(): string {
  const rows = (Object.values(configVariables) as ConfigVariable[]).map((variable) =>
    [
      `\`${variable.name}\``,
      variable.default === undefined ? '*(unset)*' : `\`${variable.default}\``,
      escapeCell(variable.parser.expected),
      escapeCell(variable.description),
    ].join(' | '),
  );
  return ['| Variable | Default | Accepts | Description |', '| --- | --- | --- | --- |', ...rows.map((row) => `| ${row} |`)].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
