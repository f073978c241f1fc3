// Short names for the generated API types (src/api/schema.d.ts, from the server's OpenAPI).
import type { components } from './schema';

export type Schemas = components['schemas'];
export type SessionUser = Schemas['SessionUser'];
export type LoginResponse = Schemas['LoginResponse'];
export type MfaChallenge = Schemas['MfaChallenge'];
export type MfaSetup = Schemas['MfaSetup'];
/** One page of a list endpoint (the page types are inline in the OpenAPI). */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
/** The error body of every failed request. */
export interface ErrorBody {
  code: string;
  message: string;
  traceId?: string;
  details?: unknown;
}
