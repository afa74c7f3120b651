// The all-in-one server: every endpoint in one Node process, embedded storage under PRISM_DATA_DIR.
import { healthRoutes, runServerMain } from '@prism/server';

void runServerMain(process, { routes: () => healthRoutes() });
