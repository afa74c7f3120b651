// The query service on its own: the query DSL and the Zipkin v2 query API plus health, for split deployments.
import { prismServerMain, queryService } from '@prism/runtime';
import { runServerMain } from '@prism/server';

void runServerMain(process, prismServerMain(process, { services: [queryService()], bootstrapDevTenant: false }));
