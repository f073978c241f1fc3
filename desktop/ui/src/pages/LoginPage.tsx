// Sign-in: organisation, username and password, then the second factor when the account
// has one (a code or a recovery code), or enrolment (QR code, manual key, first code).
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import QRCode from 'qrcode';
import { platform } from '@platform';
import { api } from '../api/client';
import type { LoginResponse, MfaChallenge, MfaSetup } from '../api/types';
import { homePath } from '../auth/permissions';
import { useSession } from '../auth/session';
import { Field } from '../components/Field';
import { ErrorNotice } from '../components/States';

const TENANT_KEY = 'lattice.tenant';

type Step =
  | { kind: 'password' }
  | { kind: 'verify'; challengeToken: string }
  | { kind: 'enrol'; setupToken: string; manualKey: string; otpAuthUri: string }
  | { kind: 'recovery-codes'; codes: string[]; answer: LoginResponse };

type LoginResult = LoginResponse | MfaChallenge | MfaSetup;

export function LoginPage() {
  const { user, signIn, endedBecause } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const next = new URLSearchParams(location.search).get('next');
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (user && step.kind !== 'recovery-codes') {
    return <Navigate to={safeNext(next) ?? homePath(user)} replace />;
  }

  async function finish(answer: LoginResponse) {
    await signIn(answer.token, answer.user);
    navigate(safeNext(next) ?? homePath(answer.user), { replace: true });
  }

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login card">
      <h1>Sign in to your account</h1>
      {endedBecause && step.kind === 'password' && (
        <div className="notice" role="status">
          {endedBecause}
        </div>
      )}
      {error !== null && <ErrorNotice error={error} />}
      {step.kind === 'password' && (
        <PasswordStep
          busy={busy}
          onSubmit={(tenantId, username, password, server) =>
            run(async () => {
              if (platform.desktop && server !== undefined) {
                await platform.desktop.setServerUrl(server).catch((message: unknown) => {
                  throw new Error(String(message));
                });
              }
              localStorage.setItem(TENANT_KEY, tenantId);
              const answer = await api.post<LoginResult>(
                '/auth/login',
                { tenantId, username, password },
                { anonymous: true },
              );
              if ('token' in answer) return finish(answer);
              if ('setupRequired' in answer && answer.setupRequired) {
                setStep({
                  kind: 'enrol',
                  setupToken: answer.setupToken,
                  manualKey: answer.manualKey,
                  otpAuthUri: answer.otpAuthUri,
                });
              } else if ('challengeToken' in answer) {
                setStep({ kind: 'verify', challengeToken: answer.challengeToken });
              }
            })
          }
        />
      )}
      {step.kind === 'verify' && (
        <VerifyStep
          busy={busy}
          onSubmit={(code, isRecovery) =>
            run(async () => {
              const answer = await api.post<LoginResponse>(
                '/auth/mfa/verify',
                isRecovery
                  ? { challengeToken: step.challengeToken, recoveryCode: code }
                  : { challengeToken: step.challengeToken, otp: code },
                { anonymous: true },
              );
              await finish(answer);
            })
          }
          onBack={() => setStep({ kind: 'password' })}
        />
      )}
      {step.kind === 'enrol' && (
        <EnrolStep
          step={step}
          busy={busy}
          onSubmit={(otp) =>
            run(async () => {
              const answer = await api.post<LoginResponse>(
                '/auth/mfa/setup/confirm',
                { setupToken: step.setupToken, otp },
                { anonymous: true },
              );
              if (answer.recoveryCodes?.length) {
                setStep({ kind: 'recovery-codes', codes: answer.recoveryCodes, answer });
              } else {
                await finish(answer);
              }
            })
          }
        />
      )}
      {step.kind === 'recovery-codes' && (
        <section aria-labelledby="codes-heading">
          <h2 id="codes-heading">Save your recovery codes</h2>
          <p>
            Each code signs you in once if you lose your authenticator. They are shown only
            now: keep them somewhere safe.
          </p>
          <ul className="codes" aria-label="Recovery codes">
            {step.codes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ul>
          <button type="button" className="primary" onClick={() => void finish(step.answer)}>
            I have saved them, continue
          </button>
        </section>
      )}
    </div>
  );
}

/** Only same-app paths are followed after login. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

function PasswordStep({
  busy,
  onSubmit,
}: {
  busy: boolean;
  onSubmit: (tenantId: string, username: string, password: string, server?: string) => void;
}) {
  const [tenantId, setTenantId] = useState(localStorage.getItem(TENANT_KEY) ?? 'sample-carrier');
  // The desktop app asks which server to use; the web build is served by it.
  const [server, setServer] = useState<string | undefined>(undefined);
  const [secretStore, setSecretStore] = useState('');
  useEffect(() => {
    platform.desktop?.serverSettings().then(
      (settings) => {
        setServer(settings.serverUrl ?? 'https://');
        setSecretStore(settings.secretStore);
      },
      () => setServer('https://'),
    );
  }, []);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = (value: string) => (touched && !value.trim() ? 'Required' : null);
  function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (tenantId.trim() && username.trim() && password && (server === undefined || server.trim())) {
      onSubmit(tenantId.trim(), username.trim(), password, server?.trim());
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      {server !== undefined && (
        <Field
          label="Server"
          hint={`The LatticePolicy address (https://). Your session is kept in ${secretStore || 'the system keychain'}.`}
          error={missing(server)}
        >
          <input value={server} onChange={(e) => setServer(e.target.value)} autoComplete="url" />
        </Field>
      )}
      <Field label="Organization" hint="Your carrier's sign-in slug" error={missing(tenantId)}>
        <input
          value={tenantId}
          onChange={(e) => setTenantId(e.target.value)}
          autoComplete="organization"
        />
      </Field>
      <Field label="Username" error={missing(username)}>
        <input
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="username"
          autoFocus
        />
      </Field>
      <Field label="Password" error={missing(password)}>
        <input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
        />
      </Field>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

function VerifyStep({
  busy,
  onSubmit,
  onBack,
}: {
  busy: boolean;
  onSubmit: (code: string, isRecovery: boolean) => void;
  onBack: () => void;
}) {
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState(false);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (code.trim()) onSubmit(code.trim(), recovery);
      }}
    >
      <h2>Two-step verification</h2>
      {recovery ? (
        <Field label="Recovery code">
          <input value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" />
        </Field>
      ) : (
        <Field label="Authentication code" hint="The 6-digit code from your authenticator app">
          <input
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
            inputMode="numeric"
            autoComplete="one-time-code"
            autoFocus
          />
        </Field>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Verify
        </button>
        <button
          type="button"
          className="link"
          onClick={() => {
            setRecovery((r) => !r);
            setCode('');
          }}
        >
          {recovery ? 'Use an authenticator code' : 'Use a recovery code'}
        </button>
        <button type="button" className="link" onClick={onBack}>
          Back
        </button>
      </div>
    </form>
  );
}

function EnrolStep({
  step,
  busy,
  onSubmit,
}: {
  step: { manualKey: string; otpAuthUri: string };
  busy: boolean;
  onSubmit: (otp: string) => void;
}) {
  const [svg, setSvg] = useState<string | null>(null);
  const [code, setCode] = useState('');
  useEffect(() => {
    let live = true;
    QRCode.toString(step.otpAuthUri, { type: 'svg', margin: 1 }).then(
      (text) => live && setSvg(text),
      () => live && setSvg(null),
    );
    return () => {
      live = false;
    };
  }, [step.otpAuthUri]);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (code.length === 6) onSubmit(code);
      }}
    >
      <h2>Set up two-step verification</h2>
      <p>Scan this code with an authenticator app, then enter the 6-digit code it shows.</p>
      {svg && (
        <div
          className="qr"
          role="img"
          aria-label="QR code for your authenticator app"
          dangerouslySetInnerHTML={{ __html: svg }}
        />
      )}
      <p>
        Or enter this key by hand: <code data-testid="manual-key">{step.manualKey}</code>
      </p>
      <Field label="Authentication code">
        <input
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
          inputMode="numeric"
          autoComplete="one-time-code"
        />
      </Field>
      <button type="submit" className="primary" disabled={busy || code.length !== 6}>
        Confirm
      </button>
    </form>
  );
}
