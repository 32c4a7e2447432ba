import { describe, expect, it } from 'vitest';
import { PLAYGROUND_TABS } from '../../src/graphql/playground.ts';
import { execute, sampleApp } from '../helpers.ts';

const { app } = sampleApp();

describe('GraphiQL playground', () => {
  it('is served at /graphql to browsers, with every asset inline (works offline)', async () => {
    const response = await app.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<title>Paper catalogue · GraphiQL</title>');
    // No script or stylesheet is fetched from another host.
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/i);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/i);
    expect(html).toContain('PapersByTopic');
  });

  it.each(PLAYGROUND_TABS.map((tab) => [tab.query.match(/query (\w+)/)![1]!, tab] as const))(
    'example %s runs on the sample and finds data',
    async (_name, tab) => {
      const result = await execute(app, tab.query, tab.variables ? JSON.parse(tab.variables) : undefined);
      expect(result.errors).toBeUndefined();
      // Every example's lookups find something (a top-level topic's null parent aside).
      const json = JSON.stringify(result.data).replaceAll('"parent":null', '');
      expect(json).not.toMatch(/:null[,}]/);
      expect(json).not.toMatch(/"(nodes|edges)":\[\]/); // and every list has items
    },
  );

  it('answers unknown paths with a plain 404 (no landing page)', async () => {
    const response = await app.fetch('http://localhost/');
    expect(response.status).toBe(404);
  });
});
