// Starts `folint lsp` as an editor would and talks to it through vscode-languageserver-protocol, the library
// VS Code's LSP client is built on.
//   FOLINT_APP: the folint.dll to run with `dotnet` (tests/Cli.Tests passes the build beside it); without it, the
//   repository's ./folint launcher.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node.js';

export const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sampleTree = path.join(repository, 'samples', 'tree');

export function uriOf(file) {
  return pathToFileURL(file).href;
}

/** The server process, with stdin/stdout as pipes; stderr is collected. */
export function spawnServer(extraArguments = []) {
  const app = process.env.FOLINT_APP;
  const [command, args] = app
    ? ['dotnet', [app, 'lsp', ...extraArguments]]
    : [path.join(repository, 'folint'), ['lsp', ...extraArguments]];
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderrText = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => { child.stderrText += chunk; });
  child.exited = once(child, 'exit').then(([code, signal]) => ({ code, signal }));
  return child;
}

/** Waits for the process to exit; fails after `ms`. */
export async function exitOf(child, ms = 15000) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`server still running after ${ms} ms; stderr:\n${child.stderrText}`)), ms); });
  try {
    return await Promise.race([child.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A connected, initialized client. It records every notification the server sends, answers
 * window/workDoneProgress/create, and can wait for a notification that matches a predicate.
 */
export class Client {
  constructor(child, connection) {
    this.child = child;
    this.connection = connection;
    this.notifications = [];
    this.progressCreated = [];
    this.waiters = [];
  }

  static async start({ rootPath = sampleTree, capabilities, args = [] } = {}) {
    const child = spawnServer(args);
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new Client(child, connection);
    connection.onUnhandledNotification((message) => client.record(message.method, message.params));
    connection.onNotification('$/progress', (params) => client.record('$/progress', params));
    connection.onNotification('textDocument/publishDiagnostics', (params) => client.record('textDocument/publishDiagnostics', params));
    connection.onNotification('window/logMessage', (params) => client.record('window/logMessage', params));
    connection.onRequest('window/workDoneProgress/create', (params) => { client.progressCreated.push(params.token); return null; });
    connection.onError(() => {});
    connection.listen();
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: rootPath ? uriOf(rootPath) : null,
      capabilities: capabilities ?? {
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  record(method, params) {
    const message = { method, params };
    this.notifications.push(message);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.match(message)) return true;
      waiter.resolve(message.params);
      return false;
    });
  }

  /** The first notification from now on (or already recorded, when `seen` is true) that matches. */
  waitFor(method, predicate = () => true, { ms = 20000, seen = false } = {}) {
    const match = (m) => m.method === method && predicate(m.params);
    if (seen) {
      const found = this.notifications.find(match);
      if (found) return Promise.resolve(found.params);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${method} within ${ms} ms; server stderr:\n${this.child.stderrText}`));
      }, ms);
      const waiter = { match, resolve: (value) => { clearTimeout(timer); resolve(value); } };
      this.waiters.push(waiter);
    });
  }

  diagnosticsFor(uri, predicate = () => true, options = {}) {
    return this.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && predicate(p), options);
  }

  async open(file, text, version = 1) {
    const uri = uriOf(file);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version, text } });
    return uri;
  }

  async change(uri, version, contentChanges) {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  async stop() {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
      return await exitOf(this.child);
    } finally {
      this.connection.dispose();
      this.child.kill();
    }
  }
}

/** The LSP range of the first occurrence of `needle` in `text` (UTF-16 columns, as JavaScript strings index). */
export function rangeOf(text, needle, from = 0) {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`'${needle}' not in the text`);
  const before = text.slice(0, at).split('\n');
  const line = before.length - 1;
  const character = before[line].length;
  return { start: { line, character }, end: { line, character: character + needle.length } };
}
