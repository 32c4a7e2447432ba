/**
 * What GraphiQL opens with: a document of named example operations (pick one with the run button)
 * and the variables the paging example uses.
 */
export const PLAYGROUND_QUERY = `# Welcome to the paper catalogue. Each operation below is an example: pick one with ▶.

# Papers in a topic (and its sub-topics), with their topics, keywords and code.
query PapersByTopic {
  topic(slug: "kernel-methods") {
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

# Full-text search, ranked, with highlighted snippets.
query Search {
  search(query: "low-rank adaptation", first: 5) {
    totalCount
    edges {
      score
      snippet { title abstract }
      node { slug keywords { term } }
    }
  }
}

# Papers that share a keyword.
query ByKeyword {
  keyword(term: "state space model") {
    term
    paperCount
    papers(first: 5) { nodes { title } }
  }
}

# A code repository and the papers that link to it.
query ByRepository {
  repository(fullName: "AILab-CVC/UniRepLKNet") {
    url
    paperCount
    papers { nodes { title } }
  }
}

# Filters combine with AND; page with the endCursor as $after.
query Paging($after: String) {
  papers(first: 10, after: $after, filter: { hasCode: true }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { title repositories { fullName } }
  }
}

# Topics with the most papers.
query TopTopics {
  topics(orderBy: PAPER_COUNT_DESC, first: 10) {
    nodes { slug name paperCount parent { slug } }
  }
}
`;

export const PLAYGROUND_VARIABLES = JSON.stringify({ after: null }, null, 2);
