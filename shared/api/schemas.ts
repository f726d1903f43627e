import { z } from 'zod';
import { ROLES } from '../permissions';

// Reusable field schemas. Messages are i18n keys under `fieldErrors.` so the UI can show them in
// Vietnamese or English.

/** QCVN 102:2016 agency identifier (`000.00.00.G22`, `H01.151`, `28.22.H17`): capitals, digits, dots. */
export const agencyCode = z
  .string()
  .trim()
  .max(13, { message: 'agencyCode.tooLong' })
  .regex(/^[0-9A-Z]{1,3}(\.[0-9A-Z]{1,3}){1,4}$/, { message: 'agencyCode.format' });

export const shortName = z
  .string()
  .trim()
  .min(1, { message: 'required' })
  .max(20, { message: 'shortName.tooLong' })
  .regex(/^[\p{Lu}\p{N}&-]+$/u, { message: 'shortName.format' });

export const username = z
  .string()
  .trim()
  .min(2, { message: 'username.tooShort' })
  .max(64, { message: 'username.tooLong' })
  .regex(/^[a-z0-9._-]+$/, { message: 'username.format' });

export const password = z.string().min(8, { message: 'password.tooShort' }).max(256);
export const nonEmpty = z.string().trim().min(1, { message: 'required' });
export const role = z.enum(ROLES);
export const id = z.number().int().positive();
export const isoTime = z.string();

export const userView = z.object({
  id,
  username: z.string(),
  fullName: z.string(),
  title: z.string(),
  roles: z.array(role),
  unitId: id.nullable(),
  disabled: z.boolean(),
  lockedUntil: isoTime.nullable(),
  createdAt: isoTime,
});
export type UserView = z.infer<typeof userView>;

export const unitView = z.object({ id, name: z.string(), code: z.string() });
export type UnitView = z.infer<typeof unitView>;

export const agencyView = z.object({ name: z.string(), code: z.string(), shortName: z.string() });
export type AgencyView = z.infer<typeof agencyView>;

export const page = z.object({
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
});
