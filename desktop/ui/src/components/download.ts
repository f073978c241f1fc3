// Downloads: a file fetched through the API and handed to the platform to save (a browser
// download, the desktop's save dialog), and the slugs download names are made of.
import { platform } from '@platform';
import { api } from '../api/client';

/** Fetches the file at `path` (PDF, CSV) and saves it as `fileName`. */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  const blob = await api.blob(path);
  await platform.saveFile(fileName, blob);
}

/** Text as a file-name part: `Policy Packet (EN)` → `policy-packet-en`. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
