// What the CMS builder needs from a key, wherever the private key lives (PKCS#12 file or token).

export type KeyAlgorithm = 'rsa' | 'ecdsa';

export interface SigningKey {
  /** The signer's certificate, DER. */
  certificate: Uint8Array;
  /** Issuer certificates (intermediates, optionally the root), DER, signer's issuer first. */
  chain: Uint8Array[];
  algorithm: KeyAlgorithm;
  /**
   * SHA-256 hash `data` and sign it: RSA PKCS#1 v1.5, or ECDSA as a DER Ecdsa-Sig-Value.
   * The private key never leaves its holder (node:crypto KeyObject or the token).
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /** Release the token session, if any. */
  close(): Promise<void> | void;
}
