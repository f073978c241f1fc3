// The admin API calls used by the administration area, their types, and error helpers.
import { ApiError, api, query } from '../../api/client';
import type { Page, Schemas } from '../../api/types';
import type { operations } from '../../api/schema';

type Json<Op extends keyof operations> = operations[Op] extends {
  responses: { 200: { content: { 'application/json': infer T } } };
}
  ? T
  : never;

export type UserView = Schemas['UserView'];
export type CreateUserRequest = Schemas['CreateUserRequest'];
export type UpdateUserRequest = Schemas['UpdateUserRequest'];
export type RoleView = Json<'list_roles'>['items'][number];
export type PermissionView = Json<'list_permissions'>['items'][number];
export type TenantSettings = Schemas['TenantSettingsView'];
export type TenantSettingsPatch = Schemas['TenantSettingsPatch'];
export type Company = Schemas['UnderwritingCompany'];
export type CompanyRequest = Schemas['CompanyRequest'];

/** An outbox message (`GET /api/v1/admin/outbox`). */
export interface OutboxMessage {
  messageId: string;
  topic: string;
  orderingKey: string;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lastAttemptAt?: string | null;
  sentAt?: string | null;
  lastError?: string | null;
  createdAt: string;
}

const ADMIN = '/api/v1/admin';

export const adminApi = {
  users: (page: number, pageSize: number) =>
    api.get<Page<UserView>>(`${ADMIN}/users${query({ page, pageSize })}`),
  createUser: (body: CreateUserRequest) => api.post<UserView>(`${ADMIN}/users`, body),
  updateUser: (id: string, body: UpdateUserRequest) =>
    api.patch<UserView>(`${ADMIN}/users/${id}`, body),
  deleteUser: (id: string) => api.delete<void>(`${ADMIN}/users/${id}`),
  resetMfa: (id: string) => api.post<void>(`${ADMIN}/users/${id}/mfa/reset`),
  roles: () => api.get<Page<RoleView>>(`${ADMIN}/security/roles`),
  permissions: () => api.get<Page<PermissionView>>(`${ADMIN}/security/permissions`),
  tenant: () => api.get<TenantSettings>(`${ADMIN}/tenant`),
  updateTenant: (body: TenantSettingsPatch) => api.patch<TenantSettings>(`${ADMIN}/tenant`, body),
  companies: (includeInactive: boolean) =>
    api.get<Page<Company>>(
      `${ADMIN}/underwriting-companies${query({ includeInactive: includeInactive || undefined })}`,
    ),
  createCompany: (body: CompanyRequest) =>
    api.post<Company>(`${ADMIN}/underwriting-companies`, body),
  updateCompany: (id: string, body: CompanyRequest) =>
    api.patch<Company>(`${ADMIN}/underwriting-companies/${id}`, body),
  deleteCompany: (id: string) => api.delete<void>(`${ADMIN}/underwriting-companies/${id}`),
  outbox: (status: string, page: number, pageSize: number) =>
    api.get<Page<OutboxMessage>>(`${ADMIN}/outbox${query({ status, page, pageSize })}`),
  retryOutbox: (id: string) => api.post<void>(`${ADMIN}/outbox/${id}/retry`),
  products: () => api.get<Page<{ code: string; name: string }>>('/api/v1/products'),
};

/** Field messages of a 422 VALIDATION_ERROR (`details.fieldErrors`), joined per field. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const details = error.details as { fieldErrors?: Record<string, string[] | string> } | undefined;
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(details?.fieldErrors ?? {})) {
    out[field] = Array.isArray(messages) ? messages.join('; ') : String(messages);
  }
  return out;
}

/** The error code of a failed call, if it came from the server. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof ApiError ? error.code : undefined;
}
