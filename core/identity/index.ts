export { IdentityService, DEFAULT_SECURITY, type LoginResult } from './service';
export { hashPassword, verifyPassword } from './password';
