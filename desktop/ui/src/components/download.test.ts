// Downloads go through the API and the platform's save; slugs make file-name parts.
import { platform } from '@platform';
import { describe, expect, it, vi } from 'vitest';
import { status, stubApi, textOf } from '../test/render';
import { downloadFile, slug } from './download';

describe('downloadFile', () => {
  it('fetches the file and hands it to the platform under the given name', async () => {
    const seen = stubApi({ 'GET /api/v1/file': new Blob(['a,b\n1,2\n'], { type: 'text/csv' }) });
    const save = vi.spyOn(platform, 'saveFile').mockResolvedValue();
    await downloadFile('/api/v1/file', 'policies-export.csv');
    expect(seen.map((r) => r.url)).toEqual(['/api/v1/file']);
    expect(save).toHaveBeenCalledWith('policies-export.csv', expect.anything());
    expect(await textOf(save.mock.calls[0][1])).toBe('a,b\n1,2\n');
  });

  it('saves nothing when the download fails', async () => {
    stubApi({ 'GET /api/v1/file': status(404, { code: 'NOT_FOUND', message: 'Gone' }) });
    const save = vi.spyOn(platform, 'saveFile').mockResolvedValue();
    await expect(downloadFile('/api/v1/file', 'x.pdf')).rejects.toThrow('Gone');
    expect(save).not.toHaveBeenCalled();
  });
});

describe('slug', () => {
  it('keeps lower-case letters and digits, joined by single dashes', () => {
    expect(slug('Policy Packet (EN)')).toBe('policy-packet-en');
    expect(slug('  --ID card--  ')).toBe('id-card');
    expect(slug('***')).toBe('');
  });
});
