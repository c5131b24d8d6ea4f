import { Command, InvalidArgumentError, Option } from 'commander';
import { DatabaseKeyError, isBatonError } from '../shared/errors.js';

// Each command's module is loaded when it runs: `baton scan` does not load what `baton doctor`
// or `baton bench` need (the entity classifier in this process, the benchmarks' data), which
// kept tens of megabytes resident for nothing.

function portNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('must be a port number (0 picks a free one).');
  return parsed;
}

/** Collects a repeatable option's values: `--redact A --redact B` → ['A', 'B']. */
function repeated(value: string, previous: string[]): string[] {
  if (value.trim().length === 0) throw new InvalidArgumentError('must not be empty.');
  return [...previous, value];
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('must be a positive whole number.');
  return parsed;
}

const program = new Command()
  .name('baton')
  .description('Baton: a privacy-first AI workbench that conducts local and cloud models.')
  .showHelpAfterError();

program
  .command('ask')
  .description('Ask a question; the answer streams to stdout.')
  .argument('<prompt...>', 'the question (quote it, or pass several words)')
  .option('-m, --model <id>', 'model id: local:ID, anthropic:MODEL, openai:MODEL or compatible:NAME/MODEL')
  .option('-f, --model-file <path>', 'a GGUF model file to run locally')
  .option('-n, --max-tokens <count>', 'the longest answer, in tokens', positiveInteger)
  .option('-c, --conversation <id>', 'continue this conversation')
  .option('--json', 'print one JSON object {answer, model, usage, costUsd, durationMs}')
  .addOption(
    new Option('--consent <answer>', 'before sending redacted text to a cloud model: ask in the terminal, or answer without asking')
      .choices(['ask', 'allow-once', 'deny'])
      .default('ask'),
  )
  .action(async (words: string[], options) => (await import('./commands/ask.js')).askCommand(words.join(' '), options));

program
  .command('analyze')
  .description('Ask a question about documents (the answer cites its passages as [document, page]), summarize or compare them; they are indexed first, with progress on stderr.')
  .argument('<files...>', 'PDF, Word, HTML, Markdown, text, CSV/TSV, JSON or source files')
  .option('-q, --question <text>', 'ask: the question to answer from the documents; summarize, compare: what to attend to')
  .addOption(new Option('--mode <mode>', 'ask a question; summarize the whole documents, or compare them, by map-reduce').choices(['ask', 'summarize', 'compare']).default('ask'))
  .option('-m, --model <id>', 'model id: local:ID, anthropic:MODEL, openai:MODEL or compatible:NAME/MODEL')
  .option('-f, --model-file <path>', 'a GGUF model file to run locally')
  .option('-n, --max-tokens <count>', 'the longest answer, in tokens', positiveInteger)
  .option('-c, --conversation <id>', 'continue this conversation: files it already holds are not indexed again')
  .option('--json', 'print one JSON object {answer, citations: [{document, page, text}], citationsFrom, retrieval, documents, model, usage}')
  .addOption(
    new Option('--consent <answer>', 'before sending redacted text to a cloud model: ask in the terminal, or answer without asking')
      .choices(['ask', 'allow-once', 'deny'])
      .default('ask'),
  )
  .action(async (files: string[], options) => (await import('./commands/analyze.js')).analyzeCommand(files, options));

program
  .command('scan')
  .description('Show what the privacy shield finds in a text and the redacted text a cloud model would see (all local).')
  .argument('[file]', 'a text file, or - (the default) for stdin')
  .option('--json', 'print one JSON object {spans: [{type, start, end, score, text}], redacted}')
  .option('--redact <term>', 'also always redact this term (whole words, any case), on top of Settings; repeatable', repeated, [])
  .option(
    '--never-redact <term>',
    'also never redact this name, place or organisation (whole words, any case), on top of Settings; never releases cards, IBANs, keys, e-mails or other pattern values; repeatable',
    repeated,
    [],
  )
  .action(async (file: string | undefined, options) => (await import('./commands/scan.js')).scanCommand(file, options));

const models = program
  .command('models')
  .description('List configured and downloaded models, and the recommended ones to download.')
  .option('--json', 'print JSON')
  .action(async (options) => (await import('./commands/models.js')).listModelsCommand(options));

models
  .command('pull')
  .description('Download a recommended model, or a NER model for the privacy shield (resumes an interrupted download, verifies it).')
  .argument('<id>', 'a catalog id from `baton models`')
  .action(async (id: string) => (await import('./commands/models.js')).pullModelCommand(id));

program
  .command('serve')
  .description('Open the Baton UI in a browser: serves it on 127.0.0.1 with a token made at each start.')
  .option('-p, --port <port>', 'the port to listen on (0 picks a free one)', portNumber, 0)
  .action(async (options) => (await import('./commands/serve.js')).serveCommand(options));

program
  .command('gateway')
  .description('Serve OpenAI- and Anthropic-compatible APIs on this machine for other tools, through the privacy shield (GET /v1/models, POST /v1/chat/completions, POST /v1/messages).')
  .option('-p, --port <port>', 'the port to listen on (0 picks a free one)', portNumber, 4141)
  .option('--host <address>', 'the address to listen on (another than 127.0.0.1 or localhost needs --allow-network)', '127.0.0.1')
  .option('--allow-network', 'accept that other machines can reach the gateway on --host (they still need the token)', false)
  .addOption(
    new Option('--consent <answer>', 'before sending redacted text to a cloud model: allow-once sends it, deny answers on this machine (ask needs the desktop app)')
      .choices(['ask', 'allow-once', 'deny'])
      .default('ask'),
  )
  .action(async (options) => (await import('./commands/gateway.js')).gatewayCommand(options));

program
  .command('bench')
  .description('Run a benchmark that prints its figures.')
  .argument('<name>', 'local-overhead, conductor, pii, evasion, routing, documents, large-input, soak, ui, gateway')
  .option('--model-file <path>', 'the GGUF model to measure')
  .option('--data <file>', 'the data file to measure on (pii: presidio-research JSON format; routing: CSV with prompt and two model columns; documents: a folder with documents/ and questions.jsonl)')
  .option('--seeds <count>', 'shuffles to average over (routing)', positiveInteger)
  .option('--eval <file>', 'routing: learn on the default data, then route this CSV frozen')
  .option('--rounds <count>', 'rounds of each measurement', positiveInteger)
  .option('--embed-model <folder>', 'documents: a local embedding model folder for vector search')
  .option('--megabytes <count>', 'large-input: the size of the file `baton scan` reads', positiveInteger)
  .option('--runs <count>', 'soak: how many runs (default 1000)', positiveInteger)
  .action(async (name: string, options) => (await import('./commands/bench.js')).benchCommand(name, options));

program
  .command('stats')
  .description('Per model and kind: calls, success rate, average cost and time; the money saved against always using the strongest model; the router\'s threshold.')
  .option('--json', 'print one JSON object {rows, totalCostUsd, strongestModelId, costIfStrongestUsd, savedUsd, threshold}')
  .option('--reset', 'forget the learned routing state (every outcome): routing starts again from the tier priors')
  .option('--export <file>', 'write the learned routing state to a JSON file (no prompt text in it)')
  .option('--import <file>', 'replace the learned routing state with a file written by --export (checked first; a file that does not fit changes nothing)')
  .action(async (options) => (await import('./commands/stats.js')).statsCommand(options));

program
  .command('doctor')
  .description('Show where Baton keeps its data, how the database is encrypted, and what works and what does not, each with its fix.')
  .option('--json', 'print one JSON object {dataDir, databasePath, encryption, checks}')
  .option('--start-afresh', 'when the database key is lost: keep the unreadable database aside and make a new, empty one')
  .option('--check-keys', "try each cloud key with one call that lists the vendor's models (sends no text, costs nothing); off by default, doctor calls no cloud")
  .action(async (options) => (await import('./commands/doctor.js')).doctorCommand(options));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // People see a clear sentence, never a stack trace (BATON_DEBUG=1 shows it).
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`baton: ${message}\n`);
  if (error instanceof DatabaseKeyError) process.stderr.write('To start afresh: baton doctor --start-afresh\n');
  if (process.env.BATON_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = isBatonError(error) && error.code === 'model-not-found' ? 2 : 1;
}
