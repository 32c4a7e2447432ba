/**
 * Reads a pull query: finds the one connection to page through, and adds to the document what
 * paging needs and the query left out (`after: $after`, `pageInfo { hasNextPage endCursor }`, a
 * page size). Everything is done on the AST (parse → visit → print), so the operation sent is the
 * user's own, formatted by graphql-js, with nothing spliced into its text.
 *
 * No schema is needed: a connection is recognised by its shape (Relay's `edges { node }`, `nodes`,
 * `pageInfo`), so a pull works against any Relay-style endpoint, not only this one.
 */
import {
  GraphQLError,
  Kind,
  parse,
  print,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from 'graphql';
import { PullError } from './errors.ts';

/**
 * The page size pull asks for when the query gives none: the most this API (and Relay APIs such
 * as GitHub's) serves in one page, so a bulk pull makes as few requests as it can.
 */
export const DEFAULT_PAGE_SIZE = 100;

/** The shape of one output row: each response key, in query order, with its sub-shape (null for a leaf). */
export type Shape = ReadonlyMap<string, Shape | null>;

/** Where the rows of a page are in the connection object. */
export type ItemsLocation =
  /** `nodes { … }`: each node is a row. */
  | { kind: 'nodes'; key: string }
  /** `edges { node { … } }`: each edge's node is a row. */
  | { kind: 'edgeNodes'; key: string; nodeKey: string }
  /** `edges { score node { … } }`: the edges carry fields of their own (search's `score`, `snippet`), so each edge is a row. */
  | { kind: 'edges'; key: string };

export interface PullPlan {
  /** The operation to send, with what paging needs added. */
  query: string;
  /** The operation's name, when it has one. */
  operationName: string | undefined;
  /** The variable that carries the cursor from page to page. */
  afterVariable: string;
  /** Response keys from `data` down to the connection, e.g. `['topic', 'papers']`. */
  path: readonly string[];
  items: ItemsLocation;
  /** The response key of `totalCount`, when the query selects it (for progress and ETA). */
  totalCountKey: string | undefined;
  /** The selection of one row, which fixes the CSV columns. */
  rowShape: Shape;
  /** What was added to the query, in words, to tell the user. */
  added: string[];
}

/** Response key → the field nodes that make it up (several when fragments select it again). */
type Collected = Map<string, FieldNode[]>;

const responseKey = (field: FieldNode) => field.alias?.value ?? field.name.value;

/**
 * The fields a selection set selects, with inline fragments and fragment spreads merged in. Type
 * conditions are ignored: without the schema we cannot evaluate them, and for finding the
 * connection and the row shape the union of every possibility is what we want.
 */
function collectFields(
  selectionSets: readonly (SelectionSetNode | undefined)[],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): Collected {
  const out: Collected = new Map();
  const visiting = new Set<string>();
  const add = (selections: readonly SelectionNode[]) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) {
        const key = responseKey(selection);
        const list = out.get(key);
        if (list) list.push(selection);
        else out.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        add(selection.selectionSet.selections);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment) throw new PullError(`the query uses the fragment ${name}, which it does not define`);
        // A fragment spreading itself is invalid GraphQL; the server says so, we must just not loop.
        if (visiting.has(name)) continue;
        visiting.add(name);
        add(fragment.selectionSet.selections);
        visiting.delete(name);
      }
    }
  };
  for (const set of selectionSets) if (set) add(set.selections);
  return out;
}

const subSelections = (fields: readonly FieldNode[]) => fields.map((field) => field.selectionSet);

/** The first collected field with this field name (whatever its alias), with its response key. */
function findByName(collected: Collected, name: string): { key: string; fields: FieldNode[] } | undefined {
  for (const [key, fields] of collected) if (fields[0]!.name.value === name) return { key, fields };
  return undefined;
}

function argument(field: FieldNode, name: string): ArgumentNode | undefined {
  return field.arguments?.find((arg) => arg.name.value === name);
}

interface Occurrence {
  fields: FieldNode[];
  path: string[];
  children: Collected;
  /** Inside another connection's items: one instance per item, not one connection. */
  nested: boolean;
}

function isConnectionShaped(fields: readonly FieldNode[], children: Collected, fragments: ReadonlyMap<string, FragmentDefinitionNode>): boolean {
  if (findByName(children, 'pageInfo')) return true;
  const nodes = findByName(children, 'nodes');
  if (nodes && nodes.fields.some((field) => field.selectionSet)) return true;
  const edges = findByName(children, 'edges');
  if (edges && findByName(collectFields(subSelections(edges.fields), fragments), 'node')) return true;
  // `after` on a field with a selection: a connection whose items the query forgot; say so later.
  return fields.some((field) => argument(field, 'after')) && children.size > 0;
}

function findConnections(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): Occurrence[] {
  const found: Occurrence[] = [];
  const walk = (collected: Collected, path: string[], nested: boolean, depth: number) => {
    // GraphQL documents are finite trees, but a hostile or generated one can be deep; stay bounded.
    if (depth > 64) throw new PullError('the query is nested more than 64 levels deep');
    for (const [key, fields] of collected) {
      if (!fields.some((field) => field.selectionSet)) continue;
      const children = collectFields(subSelections(fields), fragments);
      const connection = isConnectionShaped(fields, children, fragments);
      if (connection) found.push({ fields, path: [...path, key], children, nested });
      walk(children, [...path, key], nested || connection, depth + 1);
    }
  };
  walk(collectFields([operation.selectionSet], fragments), [], false, 0);
  return found;
}

const describe = (occurrence: Occurrence) => occurrence.path.join('.');

const NO_CONNECTION = `the query has no connection to page through: it must select one field with its items as \`nodes { … }\` or \`edges { node { … } }\`, e.g.
  query { papers(first: 100) { nodes { slug title } } }
(pull adds \`after: $after\` and \`pageInfo { hasNextPage endCursor }\` when they are missing)`;

/** Picks the connection: the one whose `after` is a variable, else the one outside all others. */
function chooseConnection(found: readonly Occurrence[]): Occurrence {
  const withAfterVariable = found.filter((occurrence) => argument(occurrence.fields[0]!, 'after')?.value.kind === Kind.VARIABLE);
  if (withAfterVariable.length > 1) {
    throw new PullError(`several connections take a variable \`after\` (${withAfterVariable.map(describe).join(', ')}); pull pages through one, so give \`after: $after\` to that one only`);
  }
  const outermost = found.filter((occurrence) => !occurrence.nested);
  const chosen = withAfterVariable[0] ?? (outermost.length === 1 ? outermost[0] : undefined);
  if (!chosen) {
    if (!found.length) throw new PullError(NO_CONNECTION);
    throw new PullError(`the query selects several connections (${outermost.map(describe).join(', ')}); pull pages through one: mark it with \`after: $after\` (and declare \`$after: String\`)`);
  }
  if (chosen.nested) {
    throw new PullError(`${describe(chosen)} sits inside the items of another connection, so there is one of it per item: pull pages through a connection reached through single objects only`);
  }
  return chosen;
}

/** Merges the row selection into a shape: response keys in query order, sub-shapes merged. */
function buildShape(collected: Collected, fragments: ReadonlyMap<string, FragmentDefinitionNode>, depth = 0): Shape {
  if (depth > 64) throw new PullError('the query is nested more than 64 levels deep');
  const shape = new Map<string, Shape | null>();
  for (const [key, fields] of collected) {
    shape.set(key, fields.some((field) => field.selectionSet) ? buildShape(collectFields(subSelections(fields), fragments), fragments, depth + 1) : null);
  }
  return shape;
}

function locateItems(connection: Occurrence, fragments: ReadonlyMap<string, FragmentDefinitionNode>): { items: ItemsLocation; rowShape: Shape } {
  const nodes = findByName(connection.children, 'nodes');
  if (nodes && nodes.fields.some((field) => field.selectionSet)) {
    return { items: { kind: 'nodes', key: nodes.key }, rowShape: buildShape(collectFields(subSelections(nodes.fields), fragments), fragments) };
  }
  const edges = findByName(connection.children, 'edges');
  if (edges) {
    const edgeFields = collectFields(subSelections(edges.fields), fragments);
    const node = findByName(edgeFields, 'node');
    if (node && node.fields.some((field) => field.selectionSet)) {
      if (edgeFields.size === 1) {
        return { items: { kind: 'edgeNodes', key: edges.key, nodeKey: node.key }, rowShape: buildShape(collectFields(subSelections(node.fields), fragments), fragments) };
      }
      return { items: { kind: 'edges', key: edges.key }, rowShape: buildShape(edgeFields, fragments) };
    }
  }
  throw new PullError(`the query selects no items of ${describe(connection)}: add \`nodes { … }\` or \`edges { node { … } }\` with the fields you want`);
}

function parseQuery(text: string): DocumentNode {
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof GraphQLError) {
      const where = error.locations?.[0];
      throw new PullError(`the query does not parse: ${error.message}${where ? ` (line ${where.line}, column ${where.column})` : ''}`);
    }
    throw error;
  }
}

const variable = (name: string) => ({ kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } }) as const;

export function preparePullQuery(text: string): PullPlan {
  const document = parseQuery(text);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) {
    throw new PullError(operations.length ? `the query file holds ${operations.length} operations; pull runs exactly one` : 'the query file holds no operation');
  }
  const operation = operations[0]!;
  if (operation.operation !== 'query') throw new PullError(`pull runs queries, not a ${operation.operation}`);
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d] as const),
  );

  const connection = chooseConnection(findConnections(operation, fragments));
  const field = connection.fields[0]!;
  const name = describe(connection);
  for (const backwards of ['last', 'before']) {
    if (argument(field, backwards)) throw new PullError(`pull pages forwards with \`first\` and \`after\`: remove \`${backwards}\` from ${name}`);
  }
  const { items, rowShape } = locateItems(connection, fragments);

  const added: string[] = [];
  const declared = new Set(operation.variableDefinitions?.map((definition) => definition.variable.name.value));
  const newVariables: VariableDefinitionNode[] = [];
  const newArguments: ArgumentNode[] = [];

  let afterVariable: string;
  const after = argument(field, 'after');
  if (after) {
    if (after.value.kind !== Kind.VARIABLE) {
      throw new PullError(`the \`after\` argument of ${name} must be a variable, e.g. \`after: $after\`: pull sets it page by page (pass a starting cursor with --variables)`);
    }
    afterVariable = after.value.name.value;
  } else {
    // `$after` may already name something else in the operation (a nested connection's cursor).
    afterVariable = 'after';
    for (let n = 2; declared.has(afterVariable); n++) afterVariable = `pullAfter${n === 2 ? '' : n}`;
    newArguments.push({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'after' }, value: variable(afterVariable) });
    added.push(`after: $${afterVariable}`);
  }
  if (!declared.has(afterVariable)) {
    newVariables.push({
      kind: Kind.VARIABLE_DEFINITION,
      variable: variable(afterVariable),
      type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } },
    });
    if (after) added.push(`the declaration $${afterVariable}: String`);
  }
  if (!argument(field, 'first')) {
    newArguments.push({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'first' }, value: { kind: Kind.INT, value: String(DEFAULT_PAGE_SIZE) } });
    added.push(`first: ${DEFAULT_PAGE_SIZE}`);
  }

  // pageInfo { hasNextPage endCursor }, unaliased, so the response has them where we read them.
  // Selecting a field again is valid GraphQL (same-named fields merge), so adding what is missing
  // next to a user's own `pageInfo { … }` or fragment never conflicts.
  const pageInfo = connection.children.get('pageInfo')?.filter((f) => f.name.value === 'pageInfo');
  const pageInfoChildren = pageInfo ? collectFields(subSelections(pageInfo), fragments) : new Map<string, FieldNode[]>();
  const missing = ['hasNextPage', 'endCursor'].filter((key) => !pageInfoChildren.get(key)?.some((f) => f.name.value === key));
  const leaf = (value: string): FieldNode => ({ kind: Kind.FIELD, name: { kind: Kind.NAME, value } });
  const pageInfoAddition: FieldNode | undefined = missing.length
    ? { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'pageInfo' }, selectionSet: { kind: Kind.SELECTION_SET, selections: missing.map(leaf) } }
    : undefined;
  if (missing.length) added.push(`pageInfo { ${missing.join(' ')} }`);

  const targets = new Set<FieldNode>(connection.fields);
  const edited = visit(document, {
    OperationDefinition(node) {
      if (node !== operation || !newVariables.length) return undefined;
      return { ...node, variableDefinitions: [...(node.variableDefinitions ?? []), ...newVariables] };
    },
    Field(node) {
      if (!targets.has(node)) return undefined;
      // Every field node making up the connection gets the same arguments (fields that merge must
      // have identical ones); the pageInfo selection is needed once.
      const selectionSet = node === field && pageInfoAddition && node.selectionSet
        ? { ...node.selectionSet, selections: [...node.selectionSet.selections, pageInfoAddition] }
        : node.selectionSet;
      return { ...node, arguments: [...(node.arguments ?? []), ...newArguments], selectionSet };
    },
  });

  return {
    query: print(edited),
    operationName: operation.name?.value,
    afterVariable,
    path: connection.path,
    items,
    totalCountKey: findByName(connection.children, 'totalCount')?.key,
    rowShape,
    added,
  };
}
