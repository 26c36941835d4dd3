import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

interface Message {
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/**
 * A minimal JSON-RPC client over stdio for testing and benchmarking the real server
 * process: Content-Length framing, requests with ids, and waits on notifications.
 */
export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: Message) => void }>();
  private readonly listeners: ((m: Message) => void)[] = [];
  readonly stderr: string[] = [];

  constructor(command: string, args: string[]) {
    this.child = spawn(command, args, { stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1] ?? 0);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(message: Message): void {
    const waiter = this.rawWaiters.findIndex((w) => w.id === message.id && message.method === undefined);
    if (waiter >= 0) {
      this.rawWaiters.splice(waiter, 1)[0].resolve(message);
      return;
    }
    if (message.id !== undefined && message.method === undefined) {
      if (typeof message.id === 'number') {
        this.pending.get(message.id)?.resolve(message);
        this.pending.delete(message.id);
      }
      return;
    }
    if (message.id !== undefined && message.method) {
      // Server-to-client requests (workspace/configuration, client/registerCapability): answer plainly.
      const result = message.method === 'workspace/configuration' ? (message.params as { items: unknown[] }).items.map(() => null) : null;
      this.send({ jsonrpc: '2.0', id: message.id, result });
      return;
    }
    for (const listener of [...this.listeners]) listener(message);
  }

  /** The server process id (to read its memory use). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Writes a frame with any body, well-formed or not (robustness tests). */
  sendRaw(body: string, contentLength = Buffer.byteLength(body, 'utf8')): void {
    this.child.stdin.write(`Content-Length: ${contentLength}\r\n\r\n${body}`);
  }

  /** Responses to ids sent by hand (sendRaw), by id. */
  response(id: number | string | null, timeoutMs = 10_000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no response to ${String(id)}`)), timeoutMs);
      this.rawWaiters.push({ id, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  private readonly rawWaiters: { id: number | string | null; resolve: (m: Message) => void }[] = [];

  send(payload: object): void {
    const body = Buffer.from(JSON.stringify(payload), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  request<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (m) => (m.error ? reject(Object.assign(new Error(`${method}: ${m.error.message}`), { code: m.error.code })) : resolve(m.result as T)),
      });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** A request that can be cancelled with `$/cancelRequest` while it runs. */
  cancellable<T>(method: string, params: unknown): { result: Promise<T>; cancel(): void } {
    const id = this.nextId;
    const result = this.request<T>(method, params);
    return { result, cancel: () => this.notify('$/cancelRequest', { id }) };
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first notification matching `predicate`, or rejects after `timeoutMs`. */
  /** Calls `handler` for every notification `method` until the returned function is called. */
  onNotification<T>(method: string, handler: (params: T) => void): () => void {
    const listener = (m: Message) => {
      if (m.method === method) handler(m.params as T);
    };
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  waitFor<T>(method: string, predicate: (params: T) => boolean, timeoutMs = 10_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        reject(new Error(`timed out waiting for ${method}`));
      }, timeoutMs);
      const listener = (m: Message) => {
        if (m.method === method && predicate(m.params as T)) {
          clearTimeout(timer);
          this.listeners.splice(this.listeners.indexOf(listener), 1);
          resolve(m.params as T);
        }
      };
      this.listeners.push(listener);
    });
  }

  async initialize(rootUri: string | null, capabilities: object = {}): Promise<unknown> {
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri,
      capabilities,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
    });
    this.notify('initialized', {});
    return result;
  }

  async shutdown(): Promise<void> {
    await this.request('shutdown', null);
    this.notify('exit', null);
    await new Promise((resolve) => this.child.once('exit', resolve));
  }
}
