import { GraphQLError, Kind } from 'graphql';
import { builder } from '../builder.ts';
import { ErrorCode } from '../errors.ts';
import { isIsoDate } from '../../ingest/normalise.ts';

function parseDate(value: unknown): string {
  if (typeof value === 'string' && isIsoDate(value)) return value;
  throw new GraphQLError(`"${String(value).slice(0, 40)}" is not a date of the form YYYY-MM-DD`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT },
  });
}

export const DateScalar = builder.scalarType('Date', {
  description: 'A calendar date, written YYYY-MM-DD (ISO 8601).',
  serialize: (value) => String(value),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});
