import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export type IndexedValueType = temporal.api.enums.v1.IndexedValueType;
const { IndexedValueType } = temporal.api.enums.v1;

/** Search attribute types as the Temporal CLI spells them. */
export type SearchAttributeTypeName = 'Keyword' | 'Text' | 'KeywordList' | 'Int' | 'Double' | 'Bool' | 'Datetime';

const INDEXED_VALUE_TYPES: Record<SearchAttributeTypeName, IndexedValueType> = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Text: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  Int: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

export interface SearchAttributeComparison {
  missing: string[];
  conflicts: string[];
}

export function compareSearchAttributes(
  registered: Record<string, IndexedValueType>,
  wanted: Record<string, SearchAttributeTypeName>,
): SearchAttributeComparison {
  const comparison: SearchAttributeComparison = { missing: [], conflicts: [] };
  for (const [name, typeName] of Object.entries(wanted)) {
    const current = registered[name];
    if (current === undefined) comparison.missing.push(name);
    else if (current !== INDEXED_VALUE_TYPES[typeName]) {
      const registeredType = describeIndexedValueType(current);
      comparison.conflicts.push(`${name} is registered as ${registeredType}, not ${typeName}`);
    }
  }
  return comparison;
}

function describeIndexedValueType(value: IndexedValueType): string {
  const known = Object.entries(INDEXED_VALUE_TYPES).find(([, indexed]) => indexed === value);
  return known ? known[0] : `type #${value}`;
}

export class SearchAttributeConflictError extends Error {}

export function searchAttributeConflictError(
  namespace: string,
  conflicts: string[],
  dbFile?: string,
): SearchAttributeConflictError {
  const remedy = dbFile
    ? `Delete ${dbFile} (losing its data) or rename the attributes.`
    : 'A search attribute cannot change type; rename it or remove it with `temporal operator search-attribute remove`.';
  return new SearchAttributeConflictError(
    `Search attributes of namespace "${namespace}" have the wrong type: ${conflicts.join('; ')}. ${remedy}`,
  );
}

export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  attributes: Record<string, SearchAttributeTypeName>,
): Promise<void> {
  const compareWithServer = async (): Promise<SearchAttributeComparison> =>
    compareSearchAttributes(
      (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes,
      attributes,
    );

  const { missing, conflicts } = await compareWithServer();
  if (conflicts.length > 0) throw searchAttributeConflictError(namespace, conflicts);
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: indexedValueTypes(Object.fromEntries(missing.map((name) => [name, attributes[name]!]))),
    });
  } catch (error) {
    // A concurrent caller may have added them first; only fail if they are still missing.
    const stillMissing = (await compareWithServer()).missing;
    if (stillMissing.length === 0) return;
    const commands = stillMissing.map(
      (name) =>
        `  temporal operator search-attribute create --namespace ${namespace} --name ${name} --type ${attributes[name]}`,
    );
    throw new Error(
      `Could not add search attributes ${stillMissing.join(', ')} to namespace "${namespace}" ` +
        `(${error instanceof Error ? error.message : String(error)}). Ask an operator of the cluster to add them:\n` +
        commands.join('\n'),
      { cause: error },
    );
  }
}

/** Search attributes in the form `operatorService.addSearchAttributes` takes. */
export function indexedValueTypes(attributes: Record<string, SearchAttributeTypeName>): Record<string, IndexedValueType> {
  return Object.fromEntries(Object.entries(attributes).map(([name, type]) => [name, INDEXED_VALUE_TYPES[type]]));
}
