import { inject } from 'vitest';
import { initBackend } from '../src/backend/index.js';

// Every project names its backend; the same test bodies then run on each of them.
await initBackend({ backend: inject('backend'), checkTraining: true });
