export * from './types';
export { buildEdxml, buildStatusEdxml } from './build';
export { parseEdxml, parseEdxmlDocument } from './parse';
export { normalizeExchangeDocument, normalizeExchangeStatus, sha256Hex } from './normalize';
export { DEFAULT_XML_LIMITS, parseSafeXml, type XmlLimits } from './safeXml';
export { sniffMimeType } from './sniff';
export { isValidAgencyCode, vietnamNow, type EdxmlReason } from './text';
