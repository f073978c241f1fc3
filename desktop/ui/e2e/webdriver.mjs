// A minimal W3C WebDriver client over fetch, enough to drive the desktop app through
// tauri-driver: sessions, XPath lookups, clicks, typing, text and screenshots.
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriver {
  constructor(base) {
    this.base = base;
  }

  async call(method, path, body) {
    const response = await fetch(this.base + path, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${JSON.stringify(json.value ?? json)}`);
    }
    return json.value;
  }

  async start(capabilities) {
    const value = await this.call('POST', '/session', { capabilities: { alwaysMatch: capabilities } });
    this.session = `/session/${value.sessionId}`;
  }

  async quit() {
    if (this.session) await this.call('DELETE', this.session).catch(() => {});
  }

  /** Waits for the element at `xpath` to exist and returns its id. */
  async find(xpath, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        const value = await this.call('POST', `${this.session}/element`, {
          using: 'xpath',
          value: xpath,
        });
        return value[ELEMENT];
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline) throw new Error(`not found: ${xpath} (${last?.message})`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async click(xpath) {
    const id = await this.find(xpath);
    await this.call('POST', `${this.session}/element/${id}/click`, {});
  }

  async type(xpath, text) {
    const id = await this.find(xpath);
    await this.call('POST', `${this.session}/element/${id}/clear`, {});
    await this.call('POST', `${this.session}/element/${id}/value`, { text });
  }

  async text(xpath) {
    const id = await this.find(xpath);
    return this.call('GET', `${this.session}/element/${id}/text`);
  }

  /** Runs `script` in the page and returns its value. */
  async execute(script, args = []) {
    return this.call('POST', `${this.session}/execute/sync`, { script, args });
  }

  /** A PNG of the window. */
  async screenshot() {
    return Buffer.from(await this.call('GET', `${this.session}/screenshot`), 'base64');
  }
}

/** XPath of the input labelled `label` (labels wrap nothing: the control follows). */
export function labelled(label) {
  return `//label[normalize-space()='${label}']/following-sibling::*[self::input or self::textarea or self::select][1]`;
}

export function button(name) {
  return `//button[normalize-space()='${name}']`;
}
