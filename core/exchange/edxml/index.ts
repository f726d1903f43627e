export * from './types';
export { buildEdxml, buildEdxmlBytes, buildStatusEdxml } from './build';
export { parseEdxml, parseEdxmlDocument, parseEdxmlHeader, type PackageHeader } from './parse';
export { knownSha256, normalizeExchangeDocument, normalizeExchangeStatus, sha256Hex, sha256Of } from './normalize';
export { DEFAULT_XML_LIMITS, parseSafeXml, type XmlLimits } from './safeXml';
export { sniffMimeType } from './sniff';
export { isValidAgencyCode, vietnamNow, type EdxmlReason } from './text';
