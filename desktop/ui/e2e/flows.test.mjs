// End-to-end: the real server (fresh database, web build) and Debian's chromium. Each test
// is one person's task through the UI; data they need from others is seeded over the API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readFile } from 'node:fs/promises';
import { launch, screenshot, signIn } from './browser.mjs';
import { Api, PASSWORD, autoQuote, issuedPolicy, portalCustomer, startServer } from './server.mjs';

let server;
let browser;
let agentApi;
let adminApi;

before(async () => {
  server = await startServer();
  browser = await launch();
  agentApi = await Api.login(server.baseUrl, 'agent1');
  adminApi = await Api.login(server.baseUrl, 'admin');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

describe('an agent', () => {
  it('quotes personal auto, binds and issues it', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, 'agent1');
    await page.getByRole('link', { name: 'New quote' }).click();
    await page.getByRole('heading', { name: 'New quote' }).waitFor();
    await page.getByLabel('Product', { exact: true }).selectOption('personal-auto');
    await page.getByLabel('State', { exact: true }).selectOption('TX');
    await page.getByLabel('Effective date', { exact: true }).fill('2026-12-15');
    await screenshot(page, 'wizard-product');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByTestId('draft-status').getByText(/Quote Q/).waitFor();
    assert.match(page.url(), /quoteId=/, 'a reload resumes the saved draft');
    await page.getByRole('button', { name: 'Next' }).click(); // no qualification questions
    await page.getByLabel('First name', { exact: true }).fill('Alex');
    await page.getByLabel('Last name', { exact: true }).fill('Rivera');
    await page.getByRole('button', { name: 'Next' }).click();
    const risk = {
      'Driver age': '35',
      'Garaging ZIP': '73301',
      Year: '2022',
      Make: 'Toyota',
      Model: 'Camry',
      'Annual miles': '12000',
    };
    for (const [label, value] of Object.entries(risk)) {
      await page.getByLabel(label, { exact: true }).fill(value);
    }
    await page.getByLabel('Usage', { exact: true }).selectOption('commute');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Bodily Injury Liability limit', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Rate', exact: true }).click();
    const total = await page.getByTestId('total-premium').textContent();
    assert.match(total, /\$\d/);
    await page.getByText('Underwriting decision: Eligible').waitFor();
    await screenshot(page, 'wizard-rating');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Bind' }).click();
    await page.getByText(/is bound as policy PC-/).waitFor();
    await page.getByRole('button', { name: 'Issue policy' }).click();
    await page.getByText(/Policy PC-.* has been issued\./).waitFor();
    await screenshot(page, 'wizard-issued');
    await page.getByRole('link', { name: 'Open policy' }).click();

    await page.waitForURL((url) => url.pathname.startsWith('/policies/'));
    const heading = page.getByRole('heading', { level: 1, name: /^PC-/ });
    const number = (await heading.textContent()).match(/PC-[A-Z0-9]+/)[0];
    const found = await agentApi.call('GET', `/api/v1/policies?q=${number}`);
    assert.equal(found.total, 1);
    assert.equal(found.items[0].status, 'Issued');
    assert.equal(found.items[0].insuredName, 'Alex Rivera');
    await page.context().close();
  });

  it('endorses a policy after previewing the premium change', async () => {
    const policy = await issuedPolicy(agentApi, 'Endorser');
    const page = await newPage();
    await signIn(page, server.baseUrl, 'agent1');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('figure', { name: /Product mix/ }).waitFor();
    await screenshot(page, 'dashboard');

    await page.getByRole('link', { name: 'Search', exact: true }).click();
    await page.getByLabel('Search text').fill(policy.number);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: policy.number }).waitFor();
    await screenshot(page, 'search');
    await page.getByRole('link', { name: policy.number }).click();

    await page.getByRole('heading', { level: 1, name: policy.number }).waitFor();
    await page.getByRole('button', { name: 'Endorse', exact: true }).click();
    await page.getByLabel('Driver age').fill('22');
    await page.getByRole('button', { name: 'Preview' }).click();
    const change = await page.getByTestId('premium-change').textContent();
    assert.match(change, /\+\$\d/, 'a younger driver costs more');
    await screenshot(page, 'endorse-preview');
    await page.getByRole('button', { name: 'Confirm endorsement' }).click();
    await page.getByText(/Endorsement EN-.* recorded/).waitFor();
    await screenshot(page, 'policy');

    const versions = await agentApi.call('GET', `/api/v1/policies/${policy.id}/versions`);
    const list = Array.isArray(versions) ? versions : versions.items;
    assert.ok(
      list.some((v) => /ENDORSE/i.test(v.transactionType ?? v.type ?? '')),
      JSON.stringify(list),
    );
    await page.context().close();
  });
});

describe('an underwriter', () => {
  it('approves a referral from the queue', async () => {
    const quote = await agentApi.call('POST', '/api/v1/quotes', autoQuote(17, 'Younger'));
    const refused = await agentApi.call('POST', `/api/v1/quotes/${quote.quoteId}/bind`, {}, [400]);
    assert.equal(refused.code, 'UW_REFERRAL_REQUIRED');
    const referralId = refused.details.referralId;

    const page = await newPage();
    await signIn(page, server.baseUrl, 'uw1');
    await page.getByRole('link', { name: 'Referrals' }).click();
    await page.getByRole('heading', { name: 'Underwriting referrals' }).waitFor();
    await page.getByRole('button', { name: `Review ${quote.quoteNumber}` }).click();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('dialog').getByRole('textbox').fill('Parent is a named driver');
    await screenshot(page, 'uw-queue-approve');
    await page.getByRole('button', { name: 'Confirm approval' }).click();
    await page.getByRole('status').getByText(/approved/).waitFor();

    const uwApi = await Api.login(server.baseUrl, 'uw1');
    const decided = await uwApi.call('GET', `/api/v1/uw/referrals/${referralId}`);
    assert.equal(decided.status, 'Approved');
    await page.context().close();
  });
});

describe('an administrator', () => {
  it('sees the users of the tenant', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, 'admin');
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    await page.getByRole('rowheader', { name: 'uw1', exact: true }).waitFor();
    await screenshot(page, 'admin-users');
    await page.context().close();
  });
});

describe('a customer', () => {
  let own;
  let other;
  const username = `pat${process.pid}`;

  before(async () => {
    own = await issuedPolicy(agentApi, 'Portalowner');
    other = await issuedPolicy(agentApi, 'Someoneelse');
    await portalCustomer(adminApi, username, 'Pat', own.id);
    await portalCustomer(adminApi, `other${process.pid}`, 'Oona', other.id);
  });

  it('sees only their own policy and downloads its declarations', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, username, PASSWORD);
    await page.getByRole('heading', { name: 'My policies' }).waitFor();
    await page.getByRole('link', { name: own.number }).waitFor();
    assert.equal(await page.getByText(other.number).count(), 0, 'another customer’s policy');
    await screenshot(page, 'portal-policies');

    await page.getByRole('link', { name: own.number }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download declarations' }).click();
    const download = await downloading;
    const pdf = await readFile(await download.path());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.match(download.suggestedFilename(), /\.pdf$/);
    await screenshot(page, 'portal-policy');

    await page.goto(`${server.baseUrl}/portal/policies/${other.id}`);
    await page.getByText('This policy is not available.').waitFor();
    await page.context().close();
  });

  it('is refused internal pages', async () => {
    const page = await newPage();
    await signIn(page, server.baseUrl, username, PASSWORD);
    for (const internal of ['/search', `/policies/${own.id}`, '/admin/users', '/uw/queue']) {
      await page.goto(server.baseUrl + internal);
      await page.waitForURL((url) => url.pathname === '/portal');
      await page.getByText(/You do not have access/).waitFor();
    }
    // The server refuses the API too, whatever the UI shows.
    const token = await page.evaluate(() => sessionStorage.getItem('lattice.token'));
    const response = await fetch(`${server.baseUrl}/api/v1/policies/${own.id}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    assert.equal(response.status, 403);
    await page.context().close();
  });
});
