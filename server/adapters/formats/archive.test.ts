import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { zipSync } from 'fflate';
import { buildZip, zeroBomb } from '../../../test/fixtures/zipBuilder.ts';
import { refusal, tempFolder } from '../../../test/support/formatFixtures.ts';
import { extractArchive, parse7zListing, sevenZip } from './archive.ts';

const { root, next } = tempFolder('qpv-archive-test-');
const fresh = () => next('case-');

function archive(name: string, bytes: Uint8Array): string {
  const p = join(root, name);
  writeFileSync(p, bytes);
  return p;
}

describe('zip', () => {
  it('extracts files in sub-folders, written by fflate, with their exact bytes', async () => {
    const zip = zipSync({
      'QPV/shp/QP_METROPOLE_LB93.dbf': new Uint8Array([1, 2, 3]),
      'QPV/shp/QP_METROPOLE_LB93.cpg': new TextEncoder().encode('UTF-8'),
      'QPV/': new Uint8Array(0),
      'lisez-moi.txt': new TextEncoder().encode('x'.repeat(100_000)),
    });
    const dest = fresh();
    const files = await extractArchive(archive('ok.zip', zip), dest);
    expect(files.map((f) => f.slice(dest.length + 1))).toEqual(['QPV/shp/QP_METROPOLE_LB93.cpg', 'QPV/shp/QP_METROPOLE_LB93.dbf', 'lisez-moi.txt']);
    expect([...readFileSync(join(dest, 'QPV/shp/QP_METROPOLE_LB93.dbf'))]).toEqual([1, 2, 3]);
    expect(readFileSync(join(dest, 'lisez-moi.txt'), 'utf8')).toBe('x'.repeat(100_000));
  });

  it('refuses ../ and absolute entry names, naming the entry, and writes nothing outside', async () => {
    for (const name of ['../evil.txt', 'a/../../evil.txt', '/etc/evil.txt', 'C:/evil.txt', '..\\evil.txt']) {
      const dest = fresh();
      const e = await refusal(extractArchive(archive(`trav-${basename(dest)}.zip`, buildZip([{ name: 'ok.txt', data: 'ok' }, { name, data: 'boom' }])), dest));
      expect(e.message).toContain(name);
      expect(e.details[0].feature).toBe(name);
      expect(existsSync(join(root, 'evil.txt'))).toBe(false);
    }
  });

  it('refuses symlink entries', async () => {
    const zip = buildZip([{ name: 'data/link.shp', data: '/etc/passwd', unixMode: 0o120777 }]);
    const e = await refusal(extractArchive(archive('link.zip', zip), fresh()));
    expect(e.message).toMatch(/lien symbolique/);
    expect(e.message).toContain('data/link.shp');
  });

  it('refuses an honest 1 GiB bomb from its declared sizes, before inflating anything', async () => {
    const bomb = zeroBomb(1024);
    expect(bomb.deflated.length).toBeLessThan(2 * 1024 * 1024);
    const dest = fresh();
    const e = await refusal(extractArchive(archive('bomb.zip', buildZip([{ name: 'zeros.dbf', raw: bomb }])), dest));
    expect(e.message).toMatch(/bombe de décompression/);
    expect(existsSync(join(dest, 'zeros.dbf'))).toBe(false);
  });

  it('stops a bomb that lies about its size as soon as it inflates past the declared size', async () => {
    const bomb = zeroBomb(1024);
    const declared = 4 * 1024 * 1024; // ratio ~2: passes the declared check
    const dest = fresh();
    const before = process.memoryUsage().rss;
    const e = await refusal(extractArchive(archive('liar.zip', buildZip([{ name: 'zeros.dbf', raw: bomb, declaredSize: declared }])), dest));
    expect(e.message).toMatch(/plus que les 4194304 octets annoncés/);
    // Never the whole gibibyte: neither in memory nor on disk.
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
    expect(existsSync(join(dest, 'zeros.dbf'))).toBe(false);
  });

  it('applies the total and entry-count limits', async () => {
    const zip = buildZip([{ name: 'a.csv', data: 'a;b\n'.repeat(1000) }, { name: 'b.csv', data: 'c;d\n'.repeat(1000) }]);
    const p = archive('limits.zip', zip);
    expect((await refusal(extractArchive(p, fresh(), { maxTotalBytes: 5000 }))).message).toMatch(/limite/);
    expect((await refusal(extractArchive(p, fresh(), { maxEntries: 1 }))).message).toMatch(/2 entrées \(limite 1\)/);
    expect(await extractArchive(p, fresh(), { maxTotalBytes: 8000 })).toHaveLength(2);
  });

  it('refuses a truncated zip and a non-archive', async () => {
    const zip = buildZip([{ name: 'a.txt', data: 'hello'.repeat(100) }]);
    await refusal(extractArchive(archive('trunc.zip', zip.subarray(0, zip.length - 30)), fresh()));
    const e = await refusal(extractArchive(archive('notzip.zip', Buffer.from('hello world')), fresh()));
    expect(e.message).toMatch(/ni un \.zip ni un \.7z/);
  });
});

describe('7z (7-Zip binary from 7zip-bin)', () => {
  it('extracts a real .7z with a sub-folder', async () => {
    const src = join(root, '7z-src');
    mkdirSync(join(src, 'filosofi', 'csv'), { recursive: true });
    writeFileSync(join(src, 'filosofi', 'csv', 'carreaux.csv'), 'idcar_200m;ind\nCRS3035RES200mN2948600E3802600;12.5\n');
    const p = join(root, 'ok.7z');
    execFileSync(sevenZip(), ['a', p, 'filosofi'], { cwd: src });
    const dest = fresh();
    const files = await extractArchive(p, dest);
    expect(files).toEqual([join(dest, 'filosofi', 'csv', 'carreaux.csv')]);
    expect(readFileSync(files[0], 'utf8')).toContain('CRS3035RES200mN2948600E3802600');
  });

  it('refuses a .7z containing a symlink before extracting', async () => {
    const src = join(root, '7z-link');
    mkdirSync(join(src, 'd'), { recursive: true });
    writeFileSync(join(src, 'd', 'a.txt'), 'a');
    symlinkSync('/etc/passwd', join(src, 'd', 'passwd'));
    const p = join(root, 'link.7z');
    // p7zip keeps the link as a link only when it is added through its folder
    execFileSync(sevenZip(), ['a', '-snl', p, 'd'], { cwd: src });
    const dest = fresh();
    const e = await refusal(extractArchive(p, dest));
    expect(e.message).toMatch(/« d\/passwd » est un lien symbolique/);
    expect(existsSync(join(dest, 'd', 'a.txt'))).toBe(false);
  });

  it('parses 7-Zip listings, flagging links, folders and traversal names', () => {
    const listing = [
      '--', 'Path = x.7z', 'Type = 7z', '', '----------',
      'Path = d', 'Size = 0', 'Packed Size = 0', 'Attributes = D_ drwxr-xr-x', '',
      'Path = d/link', 'Size = 11', 'Packed Size = 21', 'Attributes = A_ lrwxrwxrwx', 'Encrypted = -', '',
      'Path = ../up.txt', 'Size = 6', 'Packed Size = ', 'Attributes = A_ -rw-r--r--', 'Encrypted = +', '',
    ].join('\n');
    expect(parse7zListing(listing)).toEqual([
      { name: 'd', size: 0, compressedSize: 0, isDir: true, isLink: false, encrypted: false },
      { name: 'd/link', size: 11, compressedSize: 21, isDir: false, isLink: true, encrypted: false },
      { name: '../up.txt', size: 6, compressedSize: 0, isDir: false, isLink: false, encrypted: true },
    ]);
  });
});
