import { readFileSync } from 'node:fs';
import { isIntrospectionType, isObjectType, isInputObjectType, isInterfaceType, isEnumType, isScalarType, isSpecifiedScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/graphql/global-id.ts';
import { schema } from '../../src/graphql/index.ts';
import { printSdl, SDL_PATH } from '../../src/graphql/print-schema.ts';

describe('schema', () => {
  it('resolves every node id at once, not as a promise (each promise is work for the executor)', () => {
    const nodeTypes = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && t.getInterfaces().some((i) => i.name === 'Node'));
    expect(nodeTypes.map((t) => t.name).sort()).toEqual(['Author', 'Keyword', 'Paper', 'Repository', 'Topic']);
    for (const type of nodeTypes) {
      const id = isObjectType(type) ? type.getFields().id!.resolve! : null;
      expect(id!({ id: 42 }, {}, {}, {} as never)).toBe(encodeGlobalId(type.name, 42));
    }
  });

  it('matches the committed SDL (run `npm run schema:print` after changing the API)', () => {
    expect(readFileSync(SDL_PATH, 'utf8')).toBe(printSdl());
  });

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (isIntrospectionType(type) || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has every root field of the contract', () => {
    const fields = Object.keys(schema.getQueryType()!.getFields());
    for (const name of ['node', 'nodes', 'paper', 'papers', 'search', 'topic', 'topics', 'repository', 'repositories', 'keyword', 'keywords']) {
      expect(fields).toContain(name);
    }
  });
});
