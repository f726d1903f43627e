// `openssl ocsp` responder for the test intermediate CA, on a free local port.

import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { testPki } from './index';

export interface TestOcspResponder {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** openssl prints "waiting for OCSP client connections" once it listens. (A TCP probe would wedge its single-connection loop.) */
async function waitUntilListening(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`openssl ocsp did not start: ${text}`)), timeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('waiting for OCSP client connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`openssl ocsp exited with ${code}: ${text}`));
    });
  });
  child.stderr!.resume();
}

export async function startOcspResponder(
  options: { indexFile?: string; port?: number; /** Another CA, answering for itself (default: the test intermediate's delegated responder). */ ca?: { certFile: string; keyFile: string } } = {},
): Promise<TestOcspResponder> {
  const pki = testPki();
  const port = options.port ?? (await freePort());
  // -nmin sets nextUpdate so clients treat answers as fresh; -ignore_err keeps serving after bad requests.
  const child = spawn(
    'openssl',
    ['ocsp', '-index', options.indexFile ?? pki.indexFile, '-port', String(port),
      '-rsigner', options.ca?.certFile ?? pki.identities.ocsp.certFile, '-rkey', options.ca?.keyFile ?? pki.identities.ocsp.keyFile,
      '-CA', options.ca?.certFile ?? pki.intermediateCertFile, '-nmin', '10', '-ignore_err'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await waitUntilListening(child);
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
