import { builder } from '../builder.ts';

export const LinkSourceEnum = builder.enumType('LinkSource', {
  description: 'Where a link between a paper and a code repository was found.',
  values: {
    ABSTRACT: { value: 'abstract', description: 'Written in the abstract.' },
    PWC: { value: 'pwc', description: 'The Papers with Code links dump.' },
    HF: { value: 'hf', description: 'Hugging Face papers (`githubRepo`).' },
    JSONL: { value: 'jsonl', description: 'A JSON-lines import (`repositories`).' },
  } as const,
});

export const TopicOriginEnum = builder.enumType('TopicOrigin', {
  description: 'Who placed a paper in a topic.',
  values: {
    INFERRED: { value: 'inferred', description: 'The taxonomy tagger, from the title and abstract.' },
    PWC: { value: 'pwc', description: 'A Papers with Code task.' },
    ARXIV: { value: 'arxiv', description: 'An arXiv category.' },
    JSONL: { value: 'jsonl', description: 'A JSON-lines import (`topics`).' },
  } as const,
});
