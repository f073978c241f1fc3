// Starts the real lattice-server (debug build) on a fresh PostgreSQL database with the web
// build at WEB_ROOT, for the end-to-end tests; seeds through the HTTP API like a user would.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ui = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PASSWORD = 'Orchard-Lantern-2047!';
export const TENANT = 'sample-carrier';

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function psql(sql) {
  execFileSync('psql', ['-q', '-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-c', sql], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export async function startServer() {
  const binary =
    process.env.LATTICE_SERVER_BIN ??
    join(process.env.CARGO_TARGET_DIR ?? join(ui, '../../target'), 'debug/lattice-server');
  const database = `lattice_e2e_${process.pid}`;
  psql(`drop database if exists ${database} with (force)`);
  psql(`create database ${database}`);
  const port = await freePort();
  const logs = [];
  const child = spawn(binary, ['serve', '--migrate'], {
    env: {
      ...process.env,
      DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}`,
      HOST: '127.0.0.1',
      PORT: String(port),
      WEB_ROOT: join(ui, 'dist'),
      ASYNC_PUSH_ENABLED: '0',
      CACHE_ENABLED: '0',
      LOGIN_RATE_LIMIT_MAX: '0',
      RATE_LIMIT_MAX: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => logs.push(String(d)));
  child.stderr.on('data', (d) => logs.push(String(d)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`lattice-server exited early:\n${logs.join('')}`);
    }
    try {
      const health = await fetch(`${baseUrl}/health`);
      if (health.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`lattice-server did not start:\n${logs.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    logs,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      psql(`drop database if exists ${database} with (force)`);
    },
  };
}

/** A small API client for seeding, as the given user. */
export class Api {
  constructor(baseUrl, token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  static async login(baseUrl, username, password = 'password') {
    const answer = await new Api(baseUrl).call('POST', '/auth/login', {
      tenantId: TENANT,
      username,
      password,
    });
    return new Api(baseUrl, answer.token);
  }

  async call(method, path, body, expected = [200, 201]) {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        'Content-Type': 'application/json',
        ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!expected.includes(response.status)) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    }
    return json;
  }
}

/** A personal-auto quote; drivers under 18 are referred to underwriting. */
export function autoQuote(driverAge, lastName = 'Lovelace') {
  return {
    productCode: 'personal-auto',
    effectiveDate: '2026-07-01',
    termMonths: 12,
    state: 'CA',
    applicant: { firstName: 'Ada', lastName, email: 'ada@example.org' },
    uwAnswers: { driverAge },
    risks: [
      {
        type: 'autoVehicle',
        year: 2022,
        make: 'Subaru',
        model: 'Outback',
        garagingZip: '94105',
        symbol: 'A',
        usage: 'commute',
        annualMiles: 9000,
      },
    ],
    coverages: [
      { code: 'BI', selected: true, limit: 100000 },
      { code: 'PD', selected: true, limit: 50000 },
    ],
  };
}

/** Quotes, binds and issues through the API; returns the policy id and number. */
export async function issuedPolicy(agent, lastName) {
  const quote = await agent.call('POST', '/api/v1/quotes', autoQuote(35, lastName));
  const bound = await agent.call('POST', `/api/v1/quotes/${quote.quoteId}/bind`, {});
  await agent.call('POST', `/api/v1/policies/${bound.policyId}/issue`, {});
  return { id: bound.policyId, number: bound.policyNumber };
}

/** A customer with a portal user and the given policy linked; returns the username. */
export async function portalCustomer(admin, username, firstName, policyId) {
  const customer = await admin.call('POST', '/api/v1/admin/customers', {
    entityType: 'INDIVIDUAL',
    identity: { person: { firstName, lastName: 'Portal', dob: '1980-01-01' } },
    contactPoints: [{ contactType: 'EMAIL', value: `${username}@example.org`, preferred: true }],
  });
  await admin.call('POST', '/api/v1/admin/users', {
    username,
    password: PASSWORD,
    roles: ['customer'],
    customerRef: customer.customerKey,
  });
  await admin.call('POST', '/api/v1/admin/customers/policy-links/assign', {
    policyId,
    customerIdOrKey: customer.customerKey,
  });
  return username;
}
