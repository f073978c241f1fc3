// The sign-in page: password, the second factor, enrolment, and failures.
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { platform } from '@platform';
import { agent, renderAt, status, stubApi } from '../test/render';
import { LoginPage } from './LoginPage';

const session = { token: 't0k', expiresAt: '2026-11-28T10:00:00Z', user: agent };

function renderLogin(path = '/login') {
  return renderAt(<LoginPage />, { path, pattern: '/login' });
}

async function fillPassword() {
  const user = userEvent.setup();
  await user.clear(await screen.findByLabelText('Organization'));
  await user.type(screen.getByLabelText('Organization'), 'sample-carrier');
  await user.type(screen.getByLabelText('Username'), 'agent1');
  await user.type(screen.getByLabelText('Password'), 'password');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  return user;
}

describe('LoginPage', () => {
  it('signs in and stores the session', async () => {
    const seen = stubApi({ 'POST /auth/login': session });
    renderLogin();
    await fillPassword();
    expect(await screen.findByText('elsewhere')).toBeInTheDocument();
    expect(seen[0].body).toEqual({
      tenantId: 'sample-carrier',
      username: 'agent1',
      password: 'password',
    });
    expect(sessionStorage.getItem('lattice.token')).toBe('t0k');
  });

  it('asks for every field before sending anything', async () => {
    const seen = stubApi({});
    renderLogin();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(screen.getAllByText('Required')).toHaveLength(2);
    expect(seen).toHaveLength(0);
  });

  it('shows the server message when the password is wrong', async () => {
    stubApi({
      'POST /auth/login': status(401, {
        code: 'INVALID_CREDENTIALS',
        message: 'Invalid username or password',
        traceId: 'abc123',
      }),
    });
    renderLogin();
    await fillPassword();
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid username or password');
    expect(screen.getByText('Reference: abc123')).toBeInTheDocument();
    expect(sessionStorage.getItem('lattice.token')).toBeNull();
  });

  it('verifies a second factor when challenged', async () => {
    const seen = stubApi({
      'POST /auth/login': { mfaRequired: true, challengeToken: 'ch1' },
      'POST /auth/mfa/verify': session,
    });
    renderLogin();
    const user = await fillPassword();
    await user.type(await screen.findByLabelText('Authentication code'), '12a3456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('elsewhere')).toBeInTheDocument();
    expect(seen[1].body).toEqual({ challengeToken: 'ch1', otp: '123456' });
  });

  it('enrols with a QR code and shows the recovery codes once', async () => {
    const seen = stubApi({
      'POST /auth/login': {
        mfaRequired: true,
        setupRequired: true,
        setupToken: 'st1',
        manualKey: 'JBSWY3DPEHPK3PXP',
        otpAuthUri: 'otpauth://totp/LatticePolicy:agent1?secret=JBSWY3DPEHPK3PXP',
      },
      'POST /auth/mfa/setup/confirm': { ...session, recoveryCodes: ['aaaa-bbbb', 'cccc-dddd'] },
    });
    renderLogin();
    const user = await fillPassword();
    expect(await screen.findByTestId('manual-key')).toHaveTextContent('JBSWY3DPEHPK3PXP');
    expect(await screen.findByRole('img', { name: /QR code/ })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Authentication code'), '654321');
    await user.click(screen.getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByText('aaaa-bbbb')).toBeInTheDocument();
    expect(seen[1].body).toEqual({ setupToken: 'st1', otp: '654321' });
    await user.click(screen.getByRole('button', { name: /I have saved them/ }));
    expect(await screen.findByText('elsewhere')).toBeInTheDocument();
  });

  it('returns to the page asked for before login', async () => {
    stubApi({ 'POST /auth/login': session });
    renderAt(<LoginPage />, { path: '/login?next=%2Fpolicies%2Fp1', pattern: '/login' });
    await fillPassword();
    expect(await screen.findByText('elsewhere')).toBeInTheDocument();
  });
});

describe('LoginPage in the desktop app', () => {
  afterEach(() => {
    delete platform.desktop;
  });

  it('asks for the server and saves it before signing in', async () => {
    const setServerUrl = vi.fn().mockResolvedValue('https://pas.example.com/');
    platform.desktop = {
      serverSettings: vi.fn().mockResolvedValue({
        serverUrl: 'https://old.example.com/',
        secretStore: 'the system keychain',
      }),
      setServerUrl,
      previewPremium: vi.fn(),
    };
    const seen = stubApi({ 'POST /auth/login': session });
    renderLogin();
    const server = await screen.findByLabelText('Server');
    expect(server).toHaveValue('https://old.example.com/');
    expect(screen.getByText(/kept in the system keychain/)).toBeInTheDocument();
    const user = userEvent.setup();
    await user.clear(server);
    await user.type(server, 'https://pas.example.com');
    await fillPassword();
    expect(await screen.findByText('elsewhere')).toBeInTheDocument();
    expect(setServerUrl).toHaveBeenCalledWith('https://pas.example.com');
    expect(seen).toHaveLength(1);
  });

  it('keeps the user on the page when the server address is refused', async () => {
    platform.desktop = {
      serverSettings: vi.fn().mockResolvedValue({ serverUrl: null, secretStore: 'memory' }),
      setServerUrl: vi.fn().mockRejectedValue('The server must use https://'),
      previewPremium: vi.fn(),
    };
    const seen = stubApi({});
    renderLogin();
    await screen.findByLabelText('Server');
    await fillPassword();
    expect(await screen.findByRole('alert')).toHaveTextContent('The server must use https://');
    expect(seen).toHaveLength(0);
  });
});
