// Sample admin API replies for the administration tests.
import type { Company, OutboxMessage, PermissionView, RoleView, TenantSettings, UserView } from './adminApi';

export function page<T>(items: T[]) {
  return { items, page: 1, pageSize: Math.max(items.length, 20), total: items.length };
}

export const users: UserView[] = [
  {
    id: 'aaaaaaaa-0000-4000-8000-000000000001',
    username: 'agent1',
    tenantId: 'sample-carrier',
    roles: ['agent'],
    disabled: false,
    mfaEnabled: true,
    customerId: null,
    customerKey: null,
    customerName: null,
  },
  {
    id: 'aaaaaaaa-0000-4000-8000-000000000002',
    username: 'pat',
    tenantId: 'sample-carrier',
    roles: ['customer'],
    disabled: true,
    mfaEnabled: false,
    customerId: 'cccccccc-0000-4000-8000-000000000001',
    customerKey: 'CUST-2026-000001',
    customerName: 'Pat Doe',
  },
];

export const roles: RoleView[] = [
  {
    roleCode: 'agent',
    roleName: 'Agent',
    description: 'Quotes and binds',
    isSystem: true,
    active: true,
    permissionCodes: ['menu.search.view', 'page.search.view', 'page.wizard.view'],
    userCount: 1,
  },
  {
    roleCode: 'security_admin',
    roleName: 'Security administrator',
    description: 'Manages users and roles',
    isSystem: true,
    active: true,
    permissionCodes: ['menu.admin.view', 'admin.users.manage'],
    userCount: 0,
  },
  {
    roleCode: 'retired',
    roleName: 'Retired role',
    description: '',
    isSystem: false,
    active: false,
    permissionCodes: [],
    userCount: 0,
  },
];

export const permissions: PermissionView[] = [
  ['menu.search.view', 'menu', 'Search menu', 10],
  ['menu.admin.view', 'menu', 'Admin menu', 60],
  ['page.search.view', 'page', 'Search page', 200],
  ['page.wizard.view', 'page', 'Wizard page', 210],
  ['admin.users.manage', 'api', 'Manage users', 500],
].map(([code, scope, label, order]) => ({
  permissionCode: code as string,
  scope: scope as string,
  resourceKey: '',
  actionKey: '',
  label: label as string,
  description: '',
  sortOrder: order as number,
}));

export const tenant: TenantSettings = {
  tenantId: 'sample-carrier',
  name: 'Sample Carrier',
  defaultCountry: 'US',
  dateFormatsByCountry: { US: 'MM-DD-YYYY', CA: 'MM-DD-YYYY' },
  policyNumberFormatsByProduct: { 'personal-auto': 'PC-{ID8}' },
  mfaRequired: false,
  aiMlConfig: {
    enabled: false,
    shadowMode: true,
    provider: 'internal-baseline',
    thresholds: { riskReferral: 0.72 },
    features: { fraudDetection: true },
  },
  localAuthEnabled: true,
  quoteValidityDays: 60,
};

export const companies: Company[] = [
  {
    companyId: 'dddddddd-0000-4000-8000-000000000001',
    name: 'Acme Mutual',
    productCode: 'personal-auto',
    country: 'US',
    state: 'ALL',
    active: true,
    createdAt: '2026-01-05T10:00:00Z',
    updatedAt: '2026-01-06T10:00:00Z',
  },
];

export const failedMessage: OutboxMessage = {
  messageId: 'eeeeeeee-0000-4000-8000-000000000001',
  topic: 'policy.issued',
  orderingKey: 'Policy:1234',
  status: 'Failed',
  attempts: 8,
  nextAttemptAt: '2026-01-05T10:00:00Z',
  lastAttemptAt: '2026-01-05T10:00:00Z',
  sentAt: null,
  lastError: 'connection refused',
  createdAt: '2026-01-05T09:00:00Z',
};
