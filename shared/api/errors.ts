// Errors are values with a stable code. Messages for people live in shared/i18n (errors.<CODE>);
// `message` here is an English fallback for logs and the CLI.

export const ERROR_CODES = [
  'VALIDATION',
  'UNKNOWN_METHOD',
  'UNAUTHENTICATED',
  'SESSION_LOCKED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'ALREADY_INITIALIZED',
  'NOT_INITIALIZED',
  'LOGIN_FAILED',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'USERNAME_TAKEN',
  'WEAK_PASSWORD',
  'DATA_DIR_LOCKED',
  'DATA_DIR_CORRUPT',
  'SCHEMA_TOO_NEW',
  'FILE_TOO_LARGE',
  'FILE_CORRUPT',
  'INTEGRITY_FAILED',
  'BACKUP_INVALID',
  'TARGET_NOT_EMPTY',
  'BAD_TOKEN',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number] | (string & {});

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `agency.code`. */
  path: string;
  /** Machine-readable reason, also an i18n key under `fieldErrors.`. */
  code: string;
  message: string;
}

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  fields?: FieldIssue[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  readonly fields?: FieldIssue[];

  constructor(code: ErrorCode, message: string, extra: { details?: Record<string, unknown>; fields?: FieldIssue[] } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = extra.details;
    this.fields = extra.fields;
  }

  toPayload(): ErrorPayload {
    const payload: ErrorPayload = { code: this.code, message: this.message };
    if (this.details) payload.details = this.details;
    if (this.fields) payload.fields = this.fields;
    return payload;
  }

  static fromPayload(p: ErrorPayload): AppError {
    return new AppError(p.code, p.message, { details: p.details, fields: p.fields });
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
