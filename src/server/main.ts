import { startServer } from './start';

// The process entry point of `node dist/server.js` (scripts/bundle.ts): src/server/start.ts wired to this process.
startServer(process.argv.slice(2), process.env, {
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
  exit: (code) => process.exit(code),
  onSignal: (signal, handler) => void process.on(signal, handler),
});
