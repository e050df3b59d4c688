// didChange -> publishDiagnostics latency of `folint lsp` on a real kernel tree, after its index is built.
// Usage: bench/lsp-latency/run [EDITS] [mm/FILE.c ...]   (see README.md)
import fs from 'node:fs';
import path from 'node:path';
import { Client, uriOf } from '../../tests/node/server.mjs';

const corpus = process.env.FOLINT_CORPUS || path.join(process.env.HOME, '.cache', 'folint', 'corpus');
const tree = path.join(corpus, 'linux-source-6.12');
if (!fs.existsSync(path.join(tree, 'include', 'linux', 'page-flags.h'))) {
  console.error(`lsp-latency: no kernel tree at ${tree}: run scripts/fetch-corpus (or set FOLINT_CORPUS)`);
  process.exit(2);
}
const edits = Number(process.argv[2] || 50);
const files = process.argv.length > 3 ? process.argv.slice(3) : ['mm/page_alloc.c', 'mm/huge_memory.c', 'mm/memory.c', 'mm/hugetlb.c'];

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const ms = (x) => x.toFixed(1).padStart(7);

const started = performance.now();
const client = await Client.start({ rootPath: tree });
const ready = await client.waitFor('$/progress', (p) => p.value.kind === 'end', { seen: true, ms: 600000 });
console.log(`index: ${ready.value.message} (${((performance.now() - started) / 1000).toFixed(2)} s from the server's start, process start included)`);
console.log(`${edits} edits per file, each waiting for its diagnostics; latency = didChange sent -> publishDiagnostics for that version received (debounce included)`);
console.log('file                    KiB  first-check   median      p95      max  findings');

for (const relative of files) {
  const file = path.join(tree, relative);
  const text = fs.readFileSync(file, 'utf8');
  const uri = uriOf(file);
  const openedAt = performance.now();
  const opened = client.diagnosticsFor(uri, () => true, { ms: 120000 });
  await client.open(file, text);
  const first = await opened;
  const firstCheck = performance.now() - openedAt;

  // Each edit types one character at the end of the first line, or takes it away again: the file stays itself.
  const firstLine = text.slice(0, text.indexOf('\n'));
  const end = { line: 0, character: firstLine.length };
  const latencies = [];
  for (let version = 2; version < edits + 2; version++) {
    const change = version % 2 === 0
      ? { range: { start: end, end }, text: ' ' }
      : { range: { start: end, end: { line: 0, character: end.character + 1 } }, text: '' };
    const published = client.diagnosticsFor(uri, (p) => p.version === version, { ms: 120000 });
    const sent = performance.now();
    await client.change(uri, version, [change]);
    await published;
    latencies.push(performance.now() - sent);
  }
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  latencies.sort((a, b) => a - b);
  console.log(`${relative.padEnd(20)} ${String(Math.round(text.length / 1024)).padStart(6)} ${ms(firstCheck)} ms ${ms(percentile(latencies, 50))} ${ms(percentile(latencies, 95))} ${ms(latencies.at(-1))}  ${first.diagnostics.length}`);
}
await client.stop();
