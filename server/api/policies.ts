import { Hono } from 'hono';
import { z } from 'zod';
import { PolicyAtQuery, PolicyDiff, PolicyDiffQuery, PolicyDocumentBody, PolicyList, PolicyVersionBody, SectionHistory } from '../../shared/api';
import { diffVersions, documentRow, policyDocument, policySummaries, sectionHistory, versionAt, versionBody, versionsOf } from '../store/policyview';
import type { ApiContext } from './context';
import { ApiError, notFound } from './errors';
import { incidentOr404 } from './incidents';
import type { RouteDoc } from './openapi';
import { valid } from './validate';

const Doc = z.object({ id: z.string(), docId: z.string() });

export const policyDocs: RouteDoc[] = [
  { method: 'get', path: '/api/incidents/:id/policies', summary: 'Policy documents with their versions', tag: 'policies', response: PolicyList },
  { method: 'get', path: '/api/incidents/:id/policies/:docId', summary: 'One document with every version\u2019s sections', tag: 'policies', response: PolicyDocumentBody },
  { method: 'get', path: '/api/incidents/:id/policies/:docId/at', summary: 'The version in force at a time', tag: 'policies', query: PolicyAtQuery, response: PolicyVersionBody },
  { method: 'get', path: '/api/incidents/:id/policies/:docId/diff', summary: 'Word-level diff between two versions, by section', tag: 'policies', query: PolicyDiffQuery, response: PolicyDiff },
  { method: 'get', path: '/api/incidents/:id/policies/:docId/sections/:sectionId', summary: 'A section\u2019s history across versions', tag: 'policies', response: SectionHistory },
];

/** Policy documents, versions, section history, diffs, the version in force. */
export function policyRoutes(ctx: ApiContext): Hono {
  const { db } = ctx;
  const docOr404 = (id: string, docId: string) => {
    incidentOr404(ctx, id);
    if (!documentRow(db, id, docId)) throw notFound('policy document', docId, `List them with GET /api/incidents/${id}/policies.`);
  };
  return new Hono()
    .get('/:id/policies', valid('param', z.object({ id: z.string() })), (c) => {
      const incident = incidentOr404(ctx, c.req.valid('param').id);
      return c.json({ policies: policySummaries(db, incident.id) } satisfies PolicyList);
    })
    .get('/:id/policies/:docId', valid('param', Doc), (c) => {
      const { id, docId } = c.req.valid('param');
      docOr404(id, docId);
      return c.json(policyDocument(db, id, docId)!);
    })
    .get('/:id/policies/:docId/at', valid('param', Doc), valid('query', PolicyAtQuery), (c) => {
      const { id, docId } = c.req.valid('param');
      docOr404(id, docId);
      const { time } = c.req.valid('query');
      const v = versionAt(db, id, docId, time);
      if (!v) throw new ApiError(404, 'not_found', `No version of "${docId}" was retrieved at or before ${time}. Ask for a later time.`);
      return c.json(versionBody(db, v));
    })
    .get('/:id/policies/:docId/diff', valid('param', Doc), valid('query', PolicyDiffQuery), (c) => {
      const { id, docId } = c.req.valid('param');
      docOr404(id, docId);
      const q = c.req.valid('query');
      const versions = versionsOf(db, id, docId);
      if (!versions.length) throw new ApiError(404, 'not_found', `"${docId}" has no versions yet.`);
      const pick = (t: string | undefined, dflt: (typeof versions)[number]) => {
        if (!t) return dflt;
        const v = versions.find((x) => Date.parse(x.retrievedAt) === Date.parse(t));
        if (!v) throw new ApiError(404, 'not_found', `"${docId}" has no version retrieved at ${t}. The versions are: ${versions.map((x) => x.retrievedAt).join(', ')}.`);
        return v;
      };
      const from = pick(q.from, versions[0]!);
      const to = pick(q.to, versions[versions.length - 1]!);
      return c.json(diffVersions(db, docId, from, to));
    })
    .get('/:id/policies/:docId/sections/:sectionId', valid('param', Doc.extend({ sectionId: z.string() })), (c) => {
      const { id, docId, sectionId } = c.req.valid('param');
      docOr404(id, docId);
      const h = sectionHistory(db, id, docId, sectionId);
      if (!h) throw notFound("section", sectionId, `It is not in any version of "${docId}".`);
      return c.json(h);
    });
}
