// folint lsp driven by vscode-languageserver-protocol (the library VS Code's LSP client is built on) against the
// sample tree. Run: FOLINT_APP=path/to/folint.dll node --test   (tests/Cli.Tests/Lsp/NodeClientTests runs it).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node.js';
import { Client, exitOf, rangeOf, sampleTree, spawnServer, uriOf } from './server.mjs';

const positive = path.join(sampleTree, 'mm', 'open_coded_set_bit.c');
const negative = path.join(sampleTree, 'mm', 'atomic_set_bit.c');
const positiveText = fs.readFileSync(positive, 'utf8');
const negativeText = fs.readFileSync(negative, 'utf8');

// Documents that exist only in the editor: the server needs their path (to find the tree), not a file on disk.
const unsaved = (name) => path.join(sampleTree, 'mm', `unsaved_${name}.c`);

describe('folint lsp with a VS Code-style client', () => {
  let client;

  before(async () => { client = await Client.start(); });

  after(async () => {
    const exit = await client.stop();
    assert.equal(exit.code, 0, `shutdown then exit must exit 0; stderr:\n${client.child.stderrText}`);
  });

  test('initialize announces incremental text sync, save notifications and quick fixes', () => {
    const { capabilities, serverInfo } = client.initializeResult;
    assert.equal(serverInfo.name, 'folint');
    assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix'] });
  });

  test('the tree index is built once in the background, reported with $/progress begin and end', async () => {
    const end = await client.waitFor('$/progress', (p) => p.value.kind === 'end', { seen: true });
    assert.match(end.value.message, /index ready in/);
    assert.deepEqual(client.progressCreated, [end.token], 'one progress token, created through window/workDoneProgress/create');
    const kinds = client.notifications.filter((n) => n.method === '$/progress' && n.params.token === end.token).map((n) => n.params.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    assert.equal(kinds.filter((k) => k === 'begin').length, 1);
  });

  test('opening the positive sample publishes FOL000 at the __set_bit call', async () => {
    const uri = uriOf(positive);
    const published = client.diagnosticsFor(uri);
    await client.open(positive, positiveText);
    const { diagnostics, version } = await published;

    assert.equal(version, 1);
    assert.equal(diagnostics.length, 1);
    const [diagnostic] = diagnostics;
    assert.equal(diagnostic.code, 'FOL000');
    assert.equal(diagnostic.source, 'folint');
    assert.equal(diagnostic.severity, 2);
    assert.deepEqual(diagnostic.range, rangeOf(positiveText, '__set_bit(PG_private, &page->flags)'));
    assert.match(diagnostic.message, /^open-coded non-atomic __set_bit\(PG_private\) on page->flags/);
    assert.match(diagnostic.message, /\nfix: use folio_set_private\(\) instead/);
  });

  test('opening the negative sample publishes an empty list', async () => {
    const uri = uriOf(negative);
    const published = client.diagnosticsFor(uri);
    await client.open(negative, negativeText);
    assert.deepEqual((await published).diagnostics, []);
  });

  test('an edit that makes the set non-atomic is reported for that version, and undoing it clears it', async () => {
    const file = unsaved('edit');
    const uri = uriOf(file);
    const opened = client.diagnosticsFor(uri);
    await client.open(file, negativeText);
    assert.deepEqual((await opened).diagnostics, []);

    const at = rangeOf(negativeText, 'set_bit(PG_private').start;
    const reported = client.diagnosticsFor(uri, (p) => p.version === 2);
    await client.change(uri, 2, [{ range: { start: at, end: at }, text: '__' }]);
    const { diagnostics } = await reported;
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].range.start.line, at.line);
    assert.equal(diagnostics[0].range.start.character, at.character);

    const cleared = client.diagnosticsFor(uri, (p) => p.version === 3);
    await client.change(uri, 3, [{ range: { start: at, end: { line: at.line, character: at.character + 2 } }, text: '' }]);
    assert.deepEqual((await cleared).diagnostics, []);
  });

  test('columns count UTF-16 code units, not bytes', async () => {
    // é is 2 bytes and 1 code unit; 𝄞 is 4 bytes and 2 code units: byte columns would put the range 3 further right.
    const text = positiveText.replace('\t__set_bit(', '\t/* é𝄞 */ __set_bit(');
    const file = unsaved('utf16');
    const uri = uriOf(file);
    const published = client.diagnosticsFor(uri);
    await client.open(file, text);
    const { diagnostics } = await published;
    assert.equal(diagnostics.length, 1);
    assert.deepEqual(diagnostics[0].range, rangeOf(text, '__set_bit(PG_private, &page->flags)'));
  });

  test('the FOL000 quick fix swaps in the atomic set_bit, and applying it clears the finding', async () => {
    const file = unsaved('quickfix');
    const uri = uriOf(file);
    const published = client.diagnosticsFor(uri);
    await client.open(file, positiveText);
    const { diagnostics } = await published;
    assert.equal(diagnostics.length, 1);

    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
    assert.equal(actions.length, 1);
    const [action] = actions;
    assert.equal(action.title, 'Use set_bit(), which is atomic');
    assert.equal(action.kind, 'quickfix');
    assert.equal(action.isPreferred, true);
    assert.deepEqual(action.diagnostics.map((d) => d.code), ['FOL000']);
    const edits = action.edit.changes[uri];
    const call = rangeOf(positiveText, '__set_bit(PG_private');
    const callee = { start: call.start, end: { line: call.start.line, character: call.start.character + '__set_bit'.length } };
    assert.deepEqual(edits, [{ range: callee, newText: 'set_bit' }]);

    const fixed = client.diagnosticsFor(uri, (p) => p.version === 2);
    await client.change(uri, 2, edits.map((e) => ({ range: e.range, text: e.newText })));
    assert.deepEqual((await fixed).diagnostics, []);

    const none = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics: [] },
    });
    assert.deepEqual(none, []);
  });

  test('a code action request for a version the server has not checked yet offers nothing stale', async () => {
    const file = unsaved('stale');
    const uri = uriOf(file);
    const published = client.diagnosticsFor(uri);
    await client.open(file, positiveText);
    const { diagnostics } = await published;
    // The next change moves the call; until that version is checked the old edit would land in the wrong place.
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n\n' }]);
    const actions = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } });
    const moved = await client.diagnosticsFor(uri, (p) => p.version === 2, { seen: true });
    assert.ok(
      actions.length === 0 || actions[0].edit.changes[uri][0].range.start.line === moved.diagnostics[0].range.start.line,
      `an edit located in version 1 was offered for version 2: ${JSON.stringify(actions)}`);
  });

  test('saving checks the file again', async () => {
    const uri = uriOf(positive);
    const republished = client.diagnosticsFor(uri);
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    assert.equal((await republished).diagnostics.length, 1);
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = uriOf(positive);
    const cleared = client.diagnosticsFor(uri, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await cleared;
  });

  test('without relatedInformation support the evidence goes into the message, and a client without progress gets none', async () => {
    const plain = await Client.start({ capabilities: {} });
    try {
      const uri = uriOf(positive);
      const published = plain.diagnosticsFor(uri);
      await plain.open(positive, positiveText);
      const { diagnostics } = await published;
      assert.equal(diagnostics.length, 1);
      assert.equal(diagnostics[0].relatedInformation, undefined);
      assert.deepEqual(plain.progressCreated, []);
      assert.equal(plain.notifications.filter((n) => n.method === '$/progress').length, 0);
    } finally {
      assert.equal((await plain.stop()).code, 0);
    }
  });
});

describe('folint lsp under load and misuse', () => {
  test('1,000 rapid didChange notifications: the server stays responsive and publishes only current versions', async (t) => {
    const client = await Client.start();
    try {
      const file = unsaved('burst');
      const uri = uriOf(file);
      const opened = client.diagnosticsFor(uri);
      await client.open(file, negativeText);
      await opened;

      // Each change toggles the call between set_bit and __set_bit; 1,001 changes end on __set_bit.
      const at = rangeOf(negativeText, 'set_bit(PG_private').start;
      const changes = 1001;
      const before = client.notifications.length;
      for (let i = 1; i <= changes; i++) {
        const change = i % 2 === 1
          ? { range: { start: at, end: at }, text: '__' }
          : { range: { start: at, end: { line: at.line, character: at.character + 2 } }, text: '' };
        client.change(uri, i + 1, [change]);
      }
      const asked = Date.now();
      const actions = await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [] },
      });
      const answeredIn = Date.now() - asked;
      assert.ok(Array.isArray(actions));
      assert.ok(answeredIn < 5000, `a request behind 1,000 changes was answered in ${answeredIn} ms`);

      const final = await client.diagnosticsFor(uri, (p) => p.version === changes + 1, { seen: true });
      assert.equal(final.diagnostics.length, 1, 'the last version has __set_bit');
      const published = client.notifications.slice(before)
        .filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri)
        .map((n) => n.params.version);
      t.diagnostic(`request answered ${answeredIn} ms after 1,001 changes; ${published.length} publications: versions ${published.join(', ')}`);
      assert.ok(published.length < 50, `stale checks must be cancelled, not published: ${published.length} publications`);
      assert.deepEqual(published, [...published].sort((a, b) => a - b), 'publications never go back to an older version');
      // Every publication is right for its own version: odd versions are atomic, even ones are not.
      for (const n of client.notifications.slice(before).filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri))
        assert.equal(n.params.diagnostics.length, n.params.version % 2 === 0 ? 1 : 0, `version ${n.params.version}`);
    } finally {
      assert.equal((await client.stop()).code, 0);
    }
  });

  test('malformed JSON-RPC is logged and answered where it has an id, and the connection goes on', async () => {
    const child = spawnServer();
    const reader = new StreamMessageReader(child.stdout);
    const writer = new StreamMessageWriter(child.stdin);
    const received = [];
    const waiters = [];
    reader.listen((message) => {
      received.push(message);
      for (const w of waiters.splice(0)) { if (w.match(message)) w.resolve(message); else waiters.push(w); }
    });
    const next = (match) => {
      const found = received.find(match);
      return found ? Promise.resolve(found) : new Promise((resolve) => waiters.push({ match, resolve }));
    };
    const raw = async (body) => {
      const bytes = Buffer.from(body, 'utf8');
      await new Promise((resolve) => child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`), bytes]), resolve));
    };
    try {
      await writer.write({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: uriOf(sampleTree), capabilities: {} } });
      await next((m) => m.id === 1);
      await writer.write({ jsonrpc: '2.0', method: 'initialized', params: {} });

      await raw('{not json at all');
      await raw('{"jsonrpc":"2.0","id":"bad-1","method":"textDocument/codeAction","params":"oops"}');
      await raw('[1, 2, 3]');
      await writer.write({ jsonrpc: '2.0', id: 2, method: 'no/suchMethod', params: {} });
      await writer.write({ jsonrpc: '2.0', id: 3, method: 'textDocument/codeAction', params: { textDocument: { uri: uriOf(positive) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } } });

      const bad = await next((m) => m.id === 'bad-1');
      assert.equal(bad.error.code, -32600);
      assert.equal((await next((m) => m.id === 2)).error.code, -32601);
      assert.deepEqual((await next((m) => m.id === 3)).result, [], 'a valid request after the garbage is still answered');
      // The log messages go out through the server's notification queue, the answers straight from the connection:
      // an answer can overtake the log messages of the messages before it, so wait for them instead of counting.
      const malformedLogs = () => received.filter((m) => m.method === 'window/logMessage' && /malformed message/.test(m.params.message));
      let timer;
      const logged = await Promise.race([
        next(() => malformedLogs().length >= 2).then(malformedLogs),
        new Promise((resolve) => { timer = setTimeout(() => resolve(malformedLogs()), 10000); }),
      ]);
      clearTimeout(timer);
      assert.ok(logged.length >= 2, JSON.stringify(logged));

      await writer.write({ jsonrpc: '2.0', id: 4, method: 'shutdown' });
      await next((m) => m.id === 4);
      await writer.write({ jsonrpc: '2.0', method: 'exit' });
      assert.equal((await exitOf(child)).code, 0);
    } finally {
      reader.dispose();
      writer.dispose();
      child.kill();
    }
  });

  test('stdin closed in the middle of a request: the server exits promptly, saying why', async () => {
    const client = await Client.start();
    try {
      await client.open(positive, positiveText);
      // Half a message: the header promises more than comes before the end of the stream.
      client.child.stdin.write('Content-Length: 200\r\n\r\n{"jsonrpc":"2.0","id":99,"method":"textDocument/codeAction","par');
      client.child.stdin.end();
      const exit = await exitOf(client.child, 10000);
      assert.equal(exit.code, 1, 'no shutdown came first');
      assert.match(client.child.stderrText, /closed the connection/);
    } finally {
      client.connection.dispose();
      client.child.kill();
    }
  });

  test('a buffer nested 100,000 deep is not checked, the log says why, and the server goes on', async () => {
    const client = await Client.start();
    try {
      const file = unsaved('deep');
      const depth = 100000;
      const text = 'int f(void)\n{\n\treturn ' + '('.repeat(depth) + '1' + ')'.repeat(depth) + ';\n}\n';
      const logged = client.waitFor('window/logMessage', (p) => /nesting deeper/.test(p.message));
      await client.open(file, text);
      assert.match((await logged).message, /unsaved_deep\.c: skipped: nesting deeper than 1000 levels \(statements or expressions\) at line 3/);
      // Still serving: the positive sample is checked as before.
      const published = client.diagnosticsFor(uriOf(positive));
      await client.open(positive, positiveText);
      assert.equal((await published).diagnostics.length, 1);
    } finally {
      assert.equal((await client.stop()).code, 0);
    }
  });

  test('exit without shutdown exits with 1, as the specification says', async () => {
    const client = await Client.start();
    try {
      await client.connection.sendNotification('exit');
      assert.equal((await exitOf(client.child)).code, 1);
    } finally {
      client.connection.dispose();
      client.child.kill();
    }
  });

  test('requests before initialize are refused with ServerNotInitialized', async () => {
    const child = spawnServer();
    const reader = new StreamMessageReader(child.stdout);
    const writer = new StreamMessageWriter(child.stdin);
    try {
      const answer = new Promise((resolve) => reader.listen(resolve));
      await writer.write({ jsonrpc: '2.0', id: 1, method: 'textDocument/codeAction', params: { textDocument: { uri: uriOf(positive) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } });
      assert.equal((await answer).error.code, -32002);
      child.stdin.end();
      assert.equal((await exitOf(child)).code, 1);
    } finally {
      reader.dispose();
      writer.dispose();
      child.kill();
    }
  });
});
