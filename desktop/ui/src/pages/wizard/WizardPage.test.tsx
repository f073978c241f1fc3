// The quote wizard: loading states, step validation, the full quote→rate→bind→issue path,
// referrals (refused, and approved by an underwriter's override), resume and autosave.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { agent, pending, renderAt, status, stubApi, underwriter, type Seen } from '../../test/render';
import type { SessionUser } from '../../api/types';
import { baseRoutes, paPayload, quoteView, ratedView } from './testData';
import { WizardPage } from './WizardPage';

type User = ReturnType<typeof userEvent.setup>;

function renderWizard(path = '/wizard', signedIn: SessionUser = agent) {
  return renderAt(<WizardPage />, { path, pattern: '/wizard', signedIn });
}

const next = (user: User) => user.click(screen.getByRole('button', { name: 'Next' }));

function currentStep() {
  return within(screen.getByRole('list', { name: 'Quote steps' }))
    .getAllByRole('listitem')
    .find((li) => li.getAttribute('aria-current') === 'step')!;
}

async function fillProduct(user: User) {
  await user.selectOptions(await screen.findByLabelText('Product'), 'personal-auto');
  await waitFor(() => expect(screen.getByLabelText('State')).toBeEnabled());
  await user.selectOptions(screen.getByLabelText('State'), 'TX');
  fireEvent.change(screen.getByLabelText('Effective date'), { target: { value: '2026-12-01' } });
  await next(user);
}

async function fillToRating(user: User, driverAge = '35') {
  await fillProduct(user);
  expect(await screen.findByText(/No qualification questions are needed for Personal Auto/)).toBeInTheDocument();
  await next(user);
  await user.type(await screen.findByLabelText('First name'), 'Alex');
  await user.type(screen.getByLabelText('Last name'), 'Rivera');
  await next(user);
  await user.type(await screen.findByLabelText('Garaging ZIP'), '73301');
  await user.type(screen.getByLabelText('Driver age'), driverAge);
  await user.type(screen.getByLabelText('Year'), '2022');
  await user.type(screen.getByLabelText('Make'), 'Toyota');
  await user.type(screen.getByLabelText('Model'), 'Camry');
  await user.selectOptions(screen.getByLabelText('Usage'), 'commute');
  await user.type(screen.getByLabelText('Annual miles'), '12000');
  await next(user);
  expect(await screen.findByLabelText('Bodily Injury Liability limit')).toBeInTheDocument();
  await next(user);
  expect(await screen.findByRole('heading', { name: 'Rating' })).toBeInTheDocument();
}

const requests = (seen: Seen[], method: string, path: string) =>
  seen.filter((r) => r.method === method && r.path === path);

describe('WizardPage', () => {
  it('shows a loading state while the products load', async () => {
    stubApi({ 'GET /api/v1/products': pending });
    renderWizard();
    expect(await screen.findByText(/Loading products/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'New quote' })).toBeInTheDocument();
  });

  it('explains a failure to load the products and retries', async () => {
    let calls = 0;
    stubApi({
      ...baseRoutes(),
      'GET /api/v1/products': () => {
        calls += 1;
        return calls === 1 ? status(500, { code: 'INTERNAL', message: 'Catalog unavailable' }) : baseRoutes()['GET /api/v1/products'];
      },
    });
    renderWizard();
    expect(await screen.findByRole('alert')).toHaveTextContent('Catalog unavailable');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByLabelText('Product')).toBeInTheDocument();
    expect(calls).toBe(2);
  });

  it('says so when no product can be quoted', async () => {
    stubApi({ 'GET /api/v1/products': { items: [], page: 1, pageSize: 0, total: 0 } });
    renderWizard();
    expect(await screen.findByText(/No products are available to quote/)).toBeInTheDocument();
  });

  it('shows the product details loading and failing', async () => {
    stubApi({
      ...baseRoutes(),
      'GET /api/v1/products/personal-auto/config': status(503, { code: 'DOWN', message: 'Config service down' }),
    });
    renderWizard();
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Product'), 'personal-auto');
    expect(await screen.findByRole('alert')).toHaveTextContent('Config service down');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
  });

  it('blocks Next with messages until a step is complete', async () => {
    const seen = stubApi(baseRoutes());
    renderWizard();
    const user = userEvent.setup();
    await screen.findByLabelText('Product');
    await next(user);
    expect(screen.getByText('Choose a product.')).toBeInTheDocument();
    expect(screen.getByText('Choose a state.')).toBeInTheDocument();
    expect(currentStep()).toHaveTextContent('Product');
    expect(requests(seen, 'POST', '/api/v1/quotes/draft')).toHaveLength(0);

    await fillProduct(user);
    await next(user); // qualification: nothing to answer
    await screen.findByLabelText('First name');
    await next(user);
    expect(screen.getByText('First name is required.')).toBeInTheDocument();
    expect(screen.getByText('Last name is required.')).toBeInTheDocument();
    expect(screen.getByLabelText('First name')).toHaveAttribute('aria-invalid', 'true');
    expect(currentStep()).toHaveTextContent('Insureds');

    await user.type(screen.getByLabelText('First name'), 'Alex');
    await user.type(screen.getByLabelText('Last name'), 'Rivera');
    await next(user);
    await user.type(await screen.findByLabelText('Year'), '20x');
    await next(user);
    expect(screen.getByText('Garaging ZIP is required.')).toBeInTheDocument();
    expect(screen.getByText('Driver age is required.')).toBeInTheDocument();
    expect(screen.getByText('Make is required.')).toBeInTheDocument();
    expect(currentStep()).toHaveTextContent('Risk');
  });

  it('quotes, rates, binds and issues a personal auto policy', async () => {
    const seen = stubApi({
      ...baseRoutes(),
      'POST /api/v1/quotes': ratedView('Eligible'),
      'POST /api/v1/quotes/q1/bind': status(201, { policyId: 'p1', policyNumber: 'PC-0000P1', status: 'Bound' }),
      'POST /api/v1/policies/p1/issue': {
        policyId: 'p1',
        policyNumber: 'PC-0000P1',
        status: 'Issued',
        issuedAt: '2026-11-28T10:06:00Z',
      },
    });
    renderWizard();
    const user = userEvent.setup();
    await fillToRating(user);

    await user.click(screen.getByRole('button', { name: 'Rate' }));
    expect(await screen.findByTestId('total-premium')).toHaveTextContent('$596.50');
    expect(screen.getByText('Eligible')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Rating worksheet' })).toBeInTheDocument();
    expect(screen.getByRole('cell', { name: 'territory' })).toBeInTheDocument();
    const [rate] = requests(seen, 'POST', '/api/v1/quotes');
    expect(rate.body).toEqual({ ...paPayload, quoteId: 'q1' });

    await next(user);
    expect(await screen.findByRole('heading', { name: 'Premium & bind' })).toBeInTheDocument();
    const breakdown = screen.getByRole('table');
    expect(within(breakdown).getByText('Bodily Injury Liability')).toBeInTheDocument();
    expect(within(breakdown).getByText('$158.27')).toBeInTheDocument();
    expect(within(breakdown).getByText('$17.31')).toBeInTheDocument();
    expect(within(breakdown).getByText('$596.50')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Bind' }));
    expect(await screen.findByText(/is bound as policy PC-0000P1/)).toBeInTheDocument();
    expect(requests(seen, 'POST', '/api/v1/quotes/q1/bind')[0].body).toEqual({});
    expect(screen.queryByRole('button', { name: 'Back' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Issue policy' }));
    expect(await screen.findByText('Policy PC-0000P1 has been issued.')).toBeInTheDocument();
    expect(requests(seen, 'POST', '/api/v1/policies/p1/issue')).toHaveLength(1);
    expect(screen.getByRole('link', { name: 'Open policy' })).toHaveAttribute('href', '/policies/p1');
  });

  it('explains a referral when binding is refused, with a way on', async () => {
    stubApi({
      ...baseRoutes(),
      'POST /api/v1/quotes': ratedView('Refer', ['Driver age under 18 (refer)']),
      'POST /api/v1/quotes/q1/bind': status(400, {
        code: 'UW_REFERRAL_REQUIRED',
        message: 'Underwriting decision: Refer. Reasons: Driver age under 18 (refer). Referral r1 requires underwriter approval before bind.',
        details: { referralId: 'r1', reasons: ['Driver age under 18 (refer)'] },
      }),
    });
    renderWizard();
    const user = userEvent.setup();
    await fillToRating(user, '17');
    await user.click(screen.getByRole('button', { name: 'Rate' }));
    expect(await screen.findByText(/This quote is referred to underwriting/)).toBeInTheDocument();
    expect(screen.getByText('Driver age under 18 (refer)')).toBeInTheDocument();
    await next(user);
    expect(screen.queryByLabelText('Override reason')).not.toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Bind' }));

    const referred = await screen.findByRole('heading', { name: 'Referred to underwriting' });
    const panel = referred.closest('section')!;
    expect(panel).toHaveTextContent('referral r1');
    expect(panel).toHaveTextContent('Driver age under 18 (refer)');
    expect(within(panel).getByRole('link', { name: /Find quote Q20261128-0001 in search/ })).toHaveAttribute(
      'href',
      '/search?mode=quotes&q=Q20261128-0001',
    );
    await user.click(within(panel).getByRole('button', { name: 'Back to quote' }));
    expect(currentStep()).toHaveTextContent('Risk');
    expect(screen.getByLabelText('Driver age')).toHaveValue(17);
  });

  it('lets an underwriter bind a referral with an override reason', async () => {
    const seen = stubApi({
      ...baseRoutes(),
      'POST /api/v1/quotes': ratedView('Refer', ['Driver age under 18 (refer)']),
      'POST /api/v1/quotes/q1/bind': status(201, { policyId: 'p2', policyNumber: 'PC-0000P2', status: 'Bound' }),
    });
    renderWizard('/wizard', underwriter);
    const user = userEvent.setup();
    await fillToRating(user, '17');
    await user.click(screen.getByRole('button', { name: 'Rate' }));
    await screen.findByTestId('total-premium');
    await next(user);
    await user.type(await screen.findByLabelText('Override reason'), 'Parent co-signs; good student');
    await user.click(screen.getByRole('button', { name: 'Bind' }));
    expect(await screen.findByText(/is bound as policy PC-0000P2/)).toBeInTheDocument();
    expect(requests(seen, 'POST', '/api/v1/quotes/q1/bind')[0].body).toEqual({
      overrideReason: 'Parent co-signs; good student',
    });
    expect(screen.getByRole('link', { name: 'Open policy' })).toHaveAttribute('href', '/policies/p2');
  });

  it('does not offer Bind on a declined quote', async () => {
    stubApi({ ...baseRoutes(), 'POST /api/v1/quotes': ratedView('Decline', ['Driver age under 16 (decline)']) });
    renderWizard();
    const user = userEvent.setup();
    await fillToRating(user, '15');
    await user.click(screen.getByRole('button', { name: 'Rate' }));
    expect(await screen.findByText(/declined by underwriting/)).toBeInTheDocument();
    await next(user);
    expect(await screen.findByRole('button', { name: 'Back to quote' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Bind' })).not.toBeInTheDocument();
  });

  it('shows the server field errors of a refused rating and keeps what was typed', async () => {
    stubApi({
      ...baseRoutes(),
      'POST /api/v1/quotes': status(422, {
        code: 'INVALID_QUOTE',
        message: 'The quote does not match the contract (1 problem(s))',
        details: { errors: [{ path: '/risks/0/year', keyword: 'type', message: 'value is not of type "integer"' }] },
      }),
    });
    renderWizard();
    const user = userEvent.setup();
    await fillToRating(user);
    await user.click(screen.getByRole('button', { name: 'Rate' }));
    expect(await screen.findByText(/does not match the contract/)).toBeInTheDocument();
    const problems = screen.getByRole('list', { name: 'Problems to fix' });
    expect(problems).toHaveTextContent('Year: Value is not of type "integer"');
    await user.click(within(problems).getByRole('button', { name: 'Go to Risk' }));
    expect(screen.getByLabelText('Year')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Value is not of type "integer"')).toBeInTheDocument();
    expect(screen.getByLabelText('Make')).toHaveValue('Toyota');
  });

  it('autosaves: creates the draft on leaving Product, then patches it with the step', async () => {
    const seen = stubApi(baseRoutes());
    renderWizard();
    const user = userEvent.setup();
    await fillProduct(user);
    expect(await screen.findByText('Draft saved · Quote Q20261128-0001')).toBeInTheDocument();
    const [create] = requests(seen, 'POST', '/api/v1/quotes/draft');
    expect(create.body).toMatchObject({
      productCode: 'personal-auto',
      effectiveDate: '2026-12-01',
      termMonths: 12,
      state: 'TX',
      progressStep: 1,
      payload: { productCode: 'personal-auto', state: 'TX', termMonths: 12 },
    });

    await next(user);
    await waitFor(() => expect(requests(seen, 'PATCH', '/api/v1/quotes/q1/draft')).toHaveLength(1));
    // Nothing changed on Qualification: only the step is sent.
    expect(requests(seen, 'PATCH', '/api/v1/quotes/q1/draft')[0].body).toEqual({ progressStep: 2 });

    await user.type(screen.getByLabelText('First name'), 'Alex');
    await user.type(screen.getByLabelText('Last name'), 'Rivera');
    await next(user);
    await waitFor(() => expect(requests(seen, 'PATCH', '/api/v1/quotes/q1/draft')).toHaveLength(2));
    const patch = requests(seen, 'PATCH', '/api/v1/quotes/q1/draft')[1].body as { progressStep: number; payload: typeof paPayload };
    expect(patch.progressStep).toBe(3);
    expect(patch.payload.applicant).toEqual({ firstName: 'Alex', lastName: 'Rivera' });

    await user.click(screen.getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(requests(seen, 'PATCH', '/api/v1/quotes/q1/draft')).toHaveLength(3));
    expect(requests(seen, 'PATCH', '/api/v1/quotes/q1/draft')[2].body).toEqual({ progressStep: 2 });
    expect(requests(seen, 'POST', '/api/v1/quotes/draft')).toHaveLength(1);
  });

  it('keeps going when an autosave fails and says so', async () => {
    stubApi({
      ...baseRoutes(),
      'POST /api/v1/quotes/draft': status(422, {
        code: 'VALIDATION_ERROR',
        message: 'Validation failed',
        details: { fieldErrors: { effectiveDate: ['must be a date (YYYY-MM-DD)'] }, formErrors: [] },
      }),
    });
    renderWizard();
    const user = userEvent.setup();
    await fillProduct(user);
    expect(await screen.findByText('Draft not saved: Validation failed')).toBeInTheDocument();
    expect(currentStep()).toHaveTextContent('Qualification');
    const problems = screen.getByRole('list', { name: 'Problems to fix' });
    expect(problems).toHaveTextContent('Effective date: Must be a date (YYYY-MM-DD)');
  });

  it('resumes a rated quote from ?quoteId= at its step', async () => {
    const seen = stubApi({ ...baseRoutes(), 'GET /api/v1/quotes/q1': ratedView('Eligible') });
    renderWizard('/wizard?quoteId=q1');
    expect(await screen.findByRole('heading', { name: 'Rating' })).toBeInTheDocument();
    expect(currentStep()).toHaveTextContent('Rating');
    expect(screen.getByTestId('total-premium')).toHaveTextContent('$596.50');
    expect(screen.getByTestId('draft-status')).toHaveTextContent('Quote Q20261128-0001');

    const user = userEvent.setup();
    await next(user);
    expect(await screen.findByRole('button', { name: 'Bind' })).toBeInTheDocument();
    await waitFor(() => expect(requests(seen, 'PATCH', '/api/v1/quotes/q1/draft')).toHaveLength(1));
    // The payload is unchanged, so the rated quote stays rated.
    expect(requests(seen, 'PATCH', '/api/v1/quotes/q1/draft')[0].body).toEqual({ progressStep: 6 });

    await user.click(screen.getByRole('button', { name: 'Back' }));
    await user.click(screen.getByRole('button', { name: 'Back' }));
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByLabelText('Make')).toHaveValue('Toyota');
    expect(screen.getByLabelText('Driver age')).toHaveValue(35);
  });

  it('resumes a draft with what was typed', async () => {
    stubApi({
      ...baseRoutes(),
      'GET /api/v1/quotes/q1': quoteView({
        progressStep: 2,
        payload: { productCode: 'personal-auto', state: 'TX', termMonths: 12, applicant: { firstName: 'Sam', lastName: 'Lee' } },
      }),
    });
    renderWizard('/wizard?quoteId=q1');
    expect(await screen.findByLabelText('First name')).toHaveValue('Sam');
    expect(screen.getByLabelText('Last name')).toHaveValue('Lee');
    expect(currentStep()).toHaveTextContent('Insureds');
  });

  it('explains a quote that cannot be found', async () => {
    stubApi({
      ...baseRoutes(),
      'GET /api/v1/quotes/nope': status(404, { code: 'QUOTE_NOT_FOUND', message: 'Quote nope not found' }),
    });
    renderWizard('/wizard?quoteId=nope');
    expect(await screen.findByRole('alert')).toHaveTextContent('Quote nope not found');
    expect(screen.getByRole('link', { name: 'Start a new quote' })).toHaveAttribute('href', '/wizard');
  });

  it('asks for an underwriting company when the product has some', async () => {
    const seen = stubApi({
      ...baseRoutes(),
      'GET /api/v1/underwriting-companies': {
        items: [
          {
            companyId: 'c1',
            name: 'Lattice Mutual',
            productCode: 'personal-auto',
            country: 'US',
            state: 'ALL',
            active: true,
            createdAt: '2026-01-01T00:00:00Z',
            updatedAt: '2026-01-01T00:00:00Z',
          },
        ],
        page: 1,
        pageSize: 1,
        total: 1,
      },
    });
    renderWizard();
    const user = userEvent.setup();
    await user.selectOptions(await screen.findByLabelText('Product'), 'personal-auto');
    await waitFor(() => expect(screen.getByLabelText('State')).toBeEnabled());
    await user.selectOptions(screen.getByLabelText('State'), 'TX');
    const company = await screen.findByLabelText('Underwriting company');
    await next(user);
    expect(screen.getByText('Choose an underwriting company.')).toBeInTheDocument();
    await user.selectOptions(company, 'c1');
    await next(user);
    await waitFor(() => expect(requests(seen, 'POST', '/api/v1/quotes/draft')).toHaveLength(1));
    expect(requests(seen, 'POST', '/api/v1/quotes/draft')[0].body).toMatchObject({
      payload: { underwritingCompany: { companyId: 'c1', name: 'Lattice Mutual' } },
    });
    expect(requests(seen, 'GET', '/api/v1/underwriting-companies').at(-1)?.url).toBe(
      '/api/v1/underwriting-companies?productCode=personal-auto&country=US&state=TX',
    );
  });

  it('adds a second vehicle', async () => {
    stubApi(baseRoutes());
    renderWizard();
    const user = userEvent.setup();
    await fillProduct(user);
    await next(user);
    await user.type(await screen.findByLabelText('First name'), 'Alex');
    await user.type(screen.getByLabelText('Last name'), 'Rivera');
    await next(user);
    await user.click(await screen.findByRole('button', { name: 'Add vehicle' }));
    const second = screen.getByRole('group', { name: 'Vehicle 2' });
    expect(within(second).getByLabelText('Year')).toBeInTheDocument();
    await next(user);
    expect(within(second).getByText('Year is required.')).toBeInTheDocument();
    await user.click(within(second).getByRole('button', { name: 'Remove vehicle 2' }));
    expect(screen.queryByRole('group', { name: 'Vehicle 2' })).not.toBeInTheDocument();
  });
});
