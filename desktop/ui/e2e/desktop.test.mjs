// The desktop app end to end: the real binary (built with the bundled UI) in a real window,
// driven through tauri-driver and WebKitWebDriver, against the real server. Run by
// scripts/test-desktop inside Xvfb and a D-Bus session with an unlocked gnome-keyring.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, it } from 'node:test';
import { Api, autoQuote, startServer } from './server.mjs';
import { WebDriver, button, labelled } from './webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const target = process.env.CARGO_TARGET_DIR ?? join(here, '../../../target');
const app = process.env.LATTICE_DESKTOP_BIN ?? join(target, 'debug/lattice-desktop');
const port = 4444 + (process.pid % 1000);

let server;
let driver;
let tauriDriver;

before(async () => {
  server = await startServer();
  // A fresh profile: no saved server, so the app starts from LATTICE_SERVER_URL.
  const home = mkdtempSync(join(tmpdir(), 'lattice-desktop-'));
  tauriDriver = spawn(
    process.env.TAURI_DRIVER ?? 'tauri-driver',
    ['--port', String(port), '--native-driver', '/usr/bin/WebKitWebDriver'],
    {
      env: { ...process.env, LATTICE_SERVER_URL: server.baseUrl, XDG_CONFIG_HOME: home },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  driver = new WebDriver(`http://127.0.0.1:${port}`);
  for (let i = 0; ; i += 1) {
    try {
      await driver.start({ 'tauri:options': { application: app } });
      break;
    } catch (e) {
      if (i > 40) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
});

after(async () => {
  await driver?.quit();
  tauriDriver?.kill();
  await server?.stop();
});

/** Saves a screenshot of the window when a step fails, then fails. */
async function step(name, action) {
  try {
    return await action();
  } catch (e) {
    const shots = join(here, 'screenshots');
    mkdirSync(shots, { recursive: true });
    writeFileSync(join(shots, `desktop-failed-${name}.png`), await driver.screenshot());
    const text = await driver.execute('return document.body.innerText').catch(String);
    throw new Error(`${e.message}\nThe window showed:\n${text}`);
  }
}

it('an underwriter signs in and approves a referral', async () => {
  const agent = await Api.login(server.baseUrl, 'agent1');
  const quote = await agent.call('POST', '/api/v1/quotes', autoQuote(17, 'Desktop'));
  const refused = await agent.call('POST', `/api/v1/quotes/${quote.quoteId}/bind`, {}, [400]);
  const referralId = refused.details.referralId;

  const server_ = await driver.find(labelled('Server'));
  assert.ok(server_, 'the desktop login asks for the server');
  const hint = await driver.text("//small[contains(., 'Your session is kept in')]");
  assert.match(hint, /system keychain/, 'the token goes to the OS keychain');
  await driver.type(labelled('Username'), 'uw1');
  await driver.type(labelled('Password'), 'password');
  await driver.click(button('Sign in'));

  await step('after-sign-in', () => driver.click("//nav//a[normalize-space()='Referrals']"));
  await driver.click(button(`Review ${quote.quoteNumber}`));
  await driver.click(button('Approve'));
  await driver.type('//dialog//textarea', 'Reviewed on the desktop');
  await driver.click(`//dialog${button('Confirm approval')}`);
  const notice = await driver.text("//*[@role='status'][contains(., 'approved')]");
  assert.match(notice, /approved/);

  const shots = join(here, 'screenshots');
  mkdirSync(shots, { recursive: true });
  writeFileSync(join(shots, 'desktop-uw-approve.png'), await driver.screenshot());

  const uw = await Api.login(server.baseUrl, 'uw1');
  const referral = await uw.call('GET', `/api/v1/uw/referrals/${referralId}`);
  assert.equal(referral.status, 'Approved');
});
