// A small RFC 3161 time-stamping server for tests (node:http + pkijs), signing with the test TSA cert.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createPrivateKey } from 'node:crypto';
import { OID, createCadesSignature, encodeCms, sha256, toArrayBuffer } from '../../../core/signing/cms/cades';
import { keyObjectSigner } from '../../../core/signing/keys/p12';
import { pemToDerList, testPki } from './index';

export interface TestTsa {
  url: string;
  /** Number of requests answered so far. */
  requests: number;
  /** When set, the server answers every request with this PKIStatus (2 = rejection). */
  failWithStatus?: number;
  close(): Promise<void>;
}

const TEST_POLICY = '1.3.6.1.4.1.55555.1.1';

export async function startTestTsa(): Promise<TestTsa> {
  const pki = testPki();
  const tsaKey = keyObjectSigner(
    createPrivateKey(pki.identities.tsa.keyPem),
    pemToDerList(pki.identities.tsa.certPem)[0]!,
    pemToDerList(pki.intermediateCertPem),
  );
  let serial = 1;
  const state: TestTsa = {
    url: '',
    requests: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        state.requests += 1;
        const reply = (status: number, token?: pkijs.ContentInfo) => {
          const resp = new pkijs.TimeStampResp({ status: new pkijs.PKIStatusInfo({ status }), ...(token ? { timeStampToken: token } : {}) });
          res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
          res.end(Buffer.from(resp.toSchema().toBER()));
        };
        try {
          if (state.failWithStatus !== undefined) return reply(state.failWithStatus);
          const request = pkijs.TimeStampReq.fromBER(toArrayBuffer(Buffer.concat(chunks)));
          const info = new pkijs.TSTInfo({
            version: 1,
            policy: TEST_POLICY,
            messageImprint: request.messageImprint,
            serialNumber: new asn1js.Integer({ value: serial++ }),
            genTime: new Date(),
            ordering: false,
            ...(request.nonce ? { nonce: request.nonce } : {}),
          });
          const infoDer = new Uint8Array(info.toSchema().toBER());
          const cms = await createCadesSignature(sha256(infoDer), tsaKey, { type: OID.tstInfo, content: infoDer });
          reply(0, pkijs.ContentInfo.fromBER(toArrayBuffer(encodeCms(cms))));
        } catch (e) {
          res.writeHead(400);
          res.end(String(e));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  return state;
}
