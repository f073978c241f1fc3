// Browser error tracking: with VITE_SENTRY_DSN set at build time, uncaught errors and
// rendering failures are sent to Sentry as envelope events (message, stack, page path;
// no form contents, no tokens). Without it nothing is sent.
interface Dsn {
  endpoint: string;
  key: string;
}

function parseDsn(text: string | undefined): Dsn | null {
  if (!text) return null;
  try {
    const url = new URL(text);
    const project = url.pathname.replace(/^\/+/, '');
    if (!url.username || !project) return null;
    return { endpoint: `${url.protocol}//${url.host}/api/${project}/envelope/`, key: url.username };
  } catch {
    return null;
  }
}

const dsn = parseDsn(import.meta.env.VITE_SENTRY_DSN as string | undefined);

export function reportError(error: unknown, componentStack?: string) {
  if (!dsn) return;
  const err = error instanceof Error ? error : new Error(String(error));
  const eventId = crypto.randomUUID().replace(/-/g, '');
  const event = {
    event_id: eventId,
    timestamp: Date.now() / 1000,
    platform: 'javascript',
    level: 'error',
    logger: 'lattice-ui',
    environment: import.meta.env.MODE,
    request: { url: window.location.origin + window.location.pathname },
    exception: {
      values: [{ type: err.name, value: err.message, stacktrace: undefined }],
    },
    extra: { stack: err.stack, componentStack },
  };
  const envelope = [
    JSON.stringify({ event_id: eventId, sent_at: new Date().toISOString() }),
    JSON.stringify({ type: 'event' }),
    JSON.stringify(event),
  ].join('\n');
  void fetch(`${dsn.endpoint}?sentry_version=7&sentry_key=${dsn.key}`, {
    method: 'POST',
    body: envelope,
    keepalive: true,
  }).catch(() => {});
}

export function installErrorReporting() {
  if (!dsn) return;
  window.addEventListener('error', (e) => reportError(e.error ?? e.message));
  window.addEventListener('unhandledrejection', (e) => reportError(e.reason));
}
