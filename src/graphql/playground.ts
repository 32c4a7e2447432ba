/**
 * What GraphiQL opens with: one tab per example operation, each ready to run (with its variables
 * where it takes some). Examples use data of the bundled sample.
 */
export interface PlaygroundTab {
  query: string;
  variables?: string;
}

const tab = (query: string, variables?: Record<string, unknown>): PlaygroundTab => ({
  query,
  ...(variables ? { variables: JSON.stringify(variables, null, 2) } : {}),
});

export const PLAYGROUND_TABS: PlaygroundTab[] = [
  tab(`# An example in every tab: run it with ▶ or Ctrl+Enter.
# A search page built on this API is at /explore.
#
# Papers in a topic (sub-topics included), with their topics, keywords and code.
query PapersByTopic($slug: String!) {
  topic(slug: $slug) {
    name
    paperCount
    children { slug name paperCount }
    papers(first: 5) {
      nodes {
        title
        topics { slug }
        keywords { term }
        repositories { fullName url }
      }
    }
  }
}
`, { slug: 'kernel-methods' }),
  tab(`# Full-text search, ranked, with highlighted snippets.
# Syntax: "a phrase", prefix*, -exclude, a OR b.
query Search($query: String!) {
  search(query: $query, first: 5) {
    totalCount
    edges {
      score
      snippet { title abstract }
      node { slug keywords { term } }
    }
  }
}
`, { query: '"low-rank adaptation" -quantized' }),
  tab(`# Papers that share a keyword.
query ByKeyword($term: String!) {
  keyword(term: $term) {
    term
    paperCount
    papers(first: 5) { nodes { title } }
  }
}
`, { term: 'state space model' }),
  tab(`# A code repository and the papers that link to it.
query ByRepository($fullName: String!) {
  repository(fullName: $fullName) {
    url
    paperCount
    papers { nodes { title codeLinks { source repository { fullName } } } }
  }
}
`, { fullName: 'AILab-CVC/UniRepLKNet' }),
  tab(`# Filters combine with AND. To page, copy pageInfo.endCursor into "after".
query Paging($after: String) {
  papers(first: 10, after: $after, filter: { hasCode: true }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { title repositories { fullName } }
  }
}
`, { after: null }),
  tab(`# Topics with the most papers, and why a paper sits in its topics.
query TopTopics {
  topics(orderBy: PAPER_COUNT_DESC, first: 10) {
    nodes { slug name paperCount parent { slug } }
  }
  paper(slug: "neural-tangent-kernel-convergence-and-generalization-in-neural-networks") {
    title
    topicAssignments { topic { slug } score evidence }
  }
}
`),
];
