/**
 * Code repository URLs: finding them in free text and reducing every spelling of a repository
 * to one canonical form, so that `http://GitHub.com/Owner/Repo.git/` and
 * `https://github.com/owner/repo` are the same repository.
 */

/** Hosts whose URLs name a code repository as `host/owner/name`. */
export const CODE_HOSTS: ReadonlySet<string> = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org']);

export interface RepositoryRef {
  /** `https://host/owner/name`, with the owner and name spelled as first seen. */
  url: string;
  /** Lower-case `host/owner/name`: the identity of the repository. */
  key: string;
  host: string;
  owner: string;
  name: string;
}

// Path segments on code hosts that are site pages, not owners.
const RESERVED_OWNERS = new Set(['about', 'features', 'orgs', 'settings', 'topics', 'marketplace', 'search', 'explore', 'sponsors']);
const SEGMENT = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?$|^[A-Za-z0-9]$/;

/**
 * Parses a repository URL (with or without scheme, `www.`, `.git`, trailing path or punctuation)
 * into its canonical reference, or returns null when it does not name a repository on a known code host.
 */
export function parseRepositoryUrl(input: string): RepositoryRef | null {
  let text = input.trim().replace(/[.,;:!?'")\]}>]+$/, '');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:' && parsed.protocol !== 'git:') return null;
  const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  if (!CODE_HOSTS.has(host)) return null;

  const [owner, rawName] = parsed.pathname.split('/').filter(Boolean);
  if (!owner || !rawName) return null;
  const name = rawName.replace(/\.git$/i, '');
  if (RESERVED_OWNERS.has(owner.toLowerCase()) || !SEGMENT.test(owner) || !SEGMENT.test(name)) return null;

  return {
    url: `https://${host}/${owner}/${name}`,
    key: `${host}/${owner}/${name}`.toLowerCase(),
    host,
    owner,
    name,
  };
}

// A URL in prose ends at white space or at a character that cannot be part of it here. Braces end
// it too: one abstract writes a link twice as `https://x/y{https://x/y}`.
const URL_IN_TEXT = /\b(?:https?:\/\/)?(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)\/[^\s{}()<>"'[\]]+/gi;

/** Every distinct repository mentioned in `text`, in order of first mention. */
export function findRepositoryUrls(text: string): RepositoryRef[] {
  // Every match has a slash after the host; most abstracts have none, and looking for one is far
  // cheaper than running the pattern.
  if (!text.includes('/')) return [];
  const seen = new Map<string, RepositoryRef>();
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const ref = parseRepositoryUrl(match[0]);
    if (ref && !seen.has(ref.key)) seen.set(ref.key, ref);
  }
  return [...seen.values()];
}

/**
 * Accepts the ways a user names a repository in a query: a URL in any spelling, or `owner/name`
 * (taken to be on GitHub). Returns the lower-case key, or null when it names no repository.
 */
export function repositoryKeyFromUserInput(input: string): string | null {
  const trimmed = input.trim();
  // `owner/name`: exactly one slash and no dot in the first segment (a dot would make it a host).
  if (/^[^/.\s]+\/[^/\s]+$/.test(trimmed)) return parseRepositoryUrl(`github.com/${trimmed}`)?.key ?? null;
  return parseRepositoryUrl(trimmed)?.key ?? null;
}
