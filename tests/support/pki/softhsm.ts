// Real SoftHSM2 tokens for tests, created with scripts/softhsm.sh in a private token folder.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './samplePdf';
import { testPki, type EndEntityName } from './index';

export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';
const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../scripts/softhsm.sh');

export interface TestToken {
  label: string;
  pin: string;
  soPin: string;
  /** The token's own folder inside directories.tokendir (delete it to "pull the token out"). */
  tokenFolder: string;
}

export class TestTokenStore {
  readonly dir = tempDir('vanthu-softhsm-');
  readonly conf = path.join(this.dir, 'softhsm2.conf');

  /** Add a token holding `identity`'s key and certificate plus the intermediate CA certificate. */
  addToken(identity: EndEntityName, label: string, pin = '1234', soPin = '12345678', options: { alwaysAuthenticate?: boolean } = {}): TestToken {
    const pki = testPki();
    const tokensDir = path.join(this.dir, 'tokens');
    const before = new Set(fs.existsSync(tokensDir) ? fs.readdirSync(tokensDir) : []);
    execFileSync('bash', [SCRIPT, this.dir, pki.identities[identity].keyFile, pki.identities[identity].certFile, label, pin, soPin, pki.intermediateCertFile], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ALWAYS_AUTH: options.alwaysAuthenticate ? '1' : '0' },
    });
    const created = fs.readdirSync(tokensDir).filter((d) => !before.has(d));
    if (created.length !== 1) throw new Error(`expected one new token folder, found ${created.length}`);
    return { label, pin, soPin, tokenFolder: path.join(tokensDir, created[0]!) };
  }

  /**
   * Add a token initialised with only its security-officer PIN, as a new or reset token is: the
   * user PIN is not set, so C_Login answers CKR_USER_PIN_NOT_INITIALIZED.
   */
  addTokenWithoutUserPin(label: string, soPin = '12345678'): TestToken {
    if (!fs.existsSync(this.conf)) throw new Error('add a normal token first (it writes the store configuration)');
    const env = { ...process.env, SOFTHSM2_CONF: this.conf };
    const slots = execFileSync('softhsm2-util', ['--show-slots'], { env, encoding: 'utf8' });
    const free = slots
      .split(/^Slot /m)
      .slice(1)
      .find((block) => /^\s*Initialized:\s+no\s*$/m.test(block))
      ?.match(/^(\d+)/)?.[1];
    if (free === undefined) throw new Error(`no free SoftHSM2 slot:\n${slots}`);
    execFileSync('pkcs11-tool', ['--module', SOFTHSM_MODULE, '--slot', free, '--init-token', '--label', label, '--so-pin', soPin], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    return { label, pin: '', soPin, tokenFolder: '' };
  }

  /** Point the PKCS#11 library at this store; takes effect at its next C_Initialize. */
  activate(): void {
    process.env.SOFTHSM2_CONF = this.conf;
  }
}
