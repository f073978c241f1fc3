// Turns a refused user write into messages beside the fields they concern.
import { errorCode, fieldErrors } from './adminApi';

export interface FormErrors {
  fields: Record<string, string>;
  /** A failure that belongs to no single field. */
  general: unknown;
}

const FIELD_OF_CODE: Record<string, string> = {
  WEAK_PASSWORD: 'password',
  USERNAME_EXISTS: 'username',
  INVALID_ROLE: 'roles',
  CUSTOMER_NOT_FOUND: 'customerRef',
  CUSTOMER_LINK_REQUIRED: 'customerRef',
};

export function userFormErrors(error: unknown): FormErrors {
  const fields = fieldErrors(error);
  if (Object.keys(fields).length) return { fields, general: null };
  const field = FIELD_OF_CODE[errorCode(error) ?? ''];
  if (field && error instanceof Error) return { fields: { [field]: error.message }, general: null };
  return { fields: {}, general: error };
}

export const noErrors: FormErrors = { fields: {}, general: null };
