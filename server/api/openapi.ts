import { z } from 'zod';
import { ErrorBody } from '../../shared/api';

/** How one route is described in the OpenAPI document; route files export a list of these beside their routes. */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono-style path, `:name` for parameters. */
  path: string;
  summary: string;
  tag: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Schema of the success body; omitted for non-JSON responses. */
  response?: z.ZodType;
  status?: number;
  /** Media type of a non-JSON success body. */
  produces?: string;
  write?: boolean;
}

function schema(s: z.ZodType, io: 'input' | 'output'): unknown {
  const j = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  delete j.$schema;
  return j;
}

/** The OpenAPI 3.0 document for these routes, generated from the same zod schemas the routes validate with. */
export function openApiDocument(docs: RouteDoc[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorSchema = schema(ErrorBody, 'output');
  for (const d of docs) {
    const oaPath = d.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [...d.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (d.query) {
      const js = schema(d.query, 'input') as { properties?: Record<string, { description?: string }>; required?: string[] };
      for (const [name, p] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: 'query', required: js.required?.includes(name) ?? false, description: p.description, schema: p });
      }
    }
    const status = String(d.status ?? 200);
    const responses: Record<string, unknown> = {
      [status]: {
        description: 'Success',
        content: d.produces
          ? { [d.produces]: { schema: { type: 'string' } } }
          : d.response
            ? { 'application/json': { schema: schema(d.response, 'output') } }
            : undefined,
      },
      default: { description: 'Error', content: { 'application/json': { schema: errorSchema } } },
    };
    if (d.write) responses['401'] = { description: 'Missing or wrong bearer token', content: { 'application/json': { schema: errorSchema } } };
    const op: Record<string, unknown> = { summary: d.summary, tags: [d.tag], parameters, responses };
    if (d.body) op.requestBody = { required: true, content: { 'application/json': { schema: schema(d.body, 'input') } } };
    if (d.write) op.security = [{ bearer: [] }];
    (paths[oaPath] ??= {})[d.method] = op;
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Claimline API',
      version,
      description:
        'Incidents, their timeline of posts and vendor statements, claims with policy links, policy versions, curation, citations, exports and live events. Writes need a bearer token.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
