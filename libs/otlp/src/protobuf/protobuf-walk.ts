import type { ValidationIssue } from '@prism/contract';
import type { InstrumentationScope, Resource } from '../model';
import { convertContainer, convertResource, convertScope } from './protobuf-common';
import type { PbResource, PbScope } from './protobuf-messages';

/** A decoded ResourceSpans/Logs/Metrics, without its scope list (reached through the layout). */
interface PbResourceGroup {
  resource: PbResource | null;
  schemaUrl: string;
}

/** A decoded ScopeSpans/Logs/Metrics, without its record list (reached through the layout). */
interface PbScopeGroup {
  scope: PbScope | null;
  schemaUrl: string;
}

/** How one signal's decoded request nests, and how its records become the model. */
export interface PbSignalLayout<InResource extends PbResourceGroup, InScope extends PbScopeGroup, InRecord, OutRecord, ScopeGroup, ResourceGroup> {
  /** Field names as they appear in issue paths (`resourceSpans`, `scopeSpans`, `spans`). */
  readonly resources: string;
  readonly scopes: string;
  readonly records: string;
  readonly scopesOf: (resource: InResource) => InScope[];
  readonly recordsOf: (scope: InScope) => InRecord[];
  /** Converts a scope's records, dropping with an issue those that fail. */
  readonly convertRecords: (records: InRecord[], listPath: string, issues: ValidationIssue[]) => OutRecord[];
  /** Paths of the rows under these records, for the issues of a dropped container. */
  readonly rowPaths: (records: InRecord[], listPath: string) => string[];
  readonly scopeGroup: (scope: InstrumentationScope | undefined, records: OutRecord[], schemaUrl: string) => ScopeGroup;
  readonly resourceGroup: (resource: Resource | undefined, scopes: ScopeGroup[], schemaUrl: string) => ResourceGroup;
}

/**
 * Walks resource → scope → records of a decoded protobuf request. Records that cannot be converted
 * are dropped with an issue; a resource or scope that cannot be converted drops the rows under it.
 */
export function walkResourceScopes<InResource extends PbResourceGroup, InScope extends PbScopeGroup, InRecord, OutRecord, ScopeGroup, ResourceGroup>(
  items: InResource[],
  layout: PbSignalLayout<InResource, InScope, InRecord, OutRecord, ScopeGroup, ResourceGroup>,
  issues: ValidationIssue[],
): ResourceGroup[] {
  const groups: ResourceGroup[] = [];
  for (let r = 0; r < items.length; r++) {
    const item = items[r];
    const path = `${layout.resources}[${r}]`;
    const scopeItems = layout.scopesOf(item);
    const recordsPathOf = (s: number): string => `${path}.${layout.scopes}[${s}].${layout.records}`;
    const rowPaths = (): string[] => scopeItems.flatMap((scope, s) => layout.rowPaths(layout.recordsOf(scope), recordsPathOf(s)));
    const resource = convertContainer(() => convertResource(item.resource), `${path}.resource`, rowPaths, issues);
    if (resource === undefined) continue;
    const scopes: ScopeGroup[] = [];
    for (let s = 0; s < scopeItems.length; s++) {
      const scopeItem = scopeItems[s];
      const records = layout.recordsOf(scopeItem);
      const recordsPath = recordsPathOf(s);
      const scope = convertContainer(
        () => convertScope(scopeItem.scope),
        `${path}.${layout.scopes}[${s}].scope`,
        () => layout.rowPaths(records, recordsPath),
        issues,
      );
      if (scope === undefined) continue;
      scopes.push(layout.scopeGroup(scope.value, layout.convertRecords(records, recordsPath, issues), scopeItem.schemaUrl));
    }
    groups.push(layout.resourceGroup(resource.value, scopes, item.schemaUrl));
  }
  return groups;
}
