// A build worker for tests/build-parts.test.ts that dies (process.exit in the worker thread) when asked to build
// a file whose name contains "crash-me", and otherwise is the real build worker (src/build/worker.ts).
import { parentPort } from 'node:worker_threads';

// The real worker first: its listener must be in place before the port starts delivering messages.
await import('../src/build/worker.ts');
parentPort.on('message', (msg) => {
  if (String(msg.path).includes('crash-me')) process.exit(3);
});
