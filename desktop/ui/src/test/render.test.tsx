// The test stub itself: downloads keep their bytes.
import { describe, expect, it } from 'vitest';
import { api } from '../api/client';
import { stubApi, textOf } from './render';

describe('stubApi', () => {
  it('answers a Blob reply with its bytes', async () => {
    stubApi({ 'GET /api/v1/file': new Blob(['%PDF-1.7 body'], { type: 'application/pdf' }) });
    const blob = await api.blob('/api/v1/file');
    expect(await textOf(blob)).toBe('%PDF-1.7 body');
  });
});
