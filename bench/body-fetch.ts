// The exporter's bodies as it serves them, gzip and plain, saved for the static-body server.

import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

function fetchRaw(url: string, encoding: 'gzip' | 'identity'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const wanted = encoding === 'gzip' ? 'gzip' : undefined;
        if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
        else if (res.headers['content-encoding'] !== wanted)
          reject(new Error(`${url} answered content-encoding ${res.headers['content-encoding']}`));
        else resolve(Buffer.concat(chunks));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Writes both bodies into `directory`; returns their files, gzip first (the static target's arguments). */
export async function saveBodies(url: string, directory: string): Promise<[string, string]> {
  const files: [string, string] = [join(directory, 'body.gz'), join(directory, 'body.txt')];
  writeFileSync(files[0], await fetchRaw(url, 'gzip'));
  writeFileSync(files[1], await fetchRaw(url, 'identity'));
  return files;
}
