// Safe extraction of user archives (.zip, .7z): refuses path traversal, absolute paths, symlinks,
// encrypted entries and decompression bombs before or while extracting, never after.
import { execFile } from 'node:child_process';
import { copyFileSync, chmodSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { lstat, mkdir, open, readdir, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { Inflate } from 'fflate';
import { path7za } from '7zip-bin';
import { IngestError } from '../../domain/model.ts';

export interface ArchiveLimits {
  maxTotalBytes?: number; // sum of extracted bytes
  maxRatio?: number; // extracted bytes / compressed bytes
  maxEntries?: number;
}

export const DEFAULT_ARCHIVE_LIMITS: Required<ArchiveLimits> = {
  maxTotalBytes: 8 * 1024 ** 3,
  maxRatio: 200,
  maxEntries: 100_000,
};

// Tiny files legitimately compress far beyond any ratio (a run of spaces in a DBF): below this
// many extracted bytes the ratio is not checked.
const RATIO_FLOOR = 1024 * 1024;
const READ_CHUNK = 1024 * 1024;
// Inflate at most this much compressed input per step so a bomb cannot expand to gigabytes in one push.
const INFLATE_SLICE = 16 * 1024;

/** True when the file name ends with an archive extension this module extracts. */
export function isArchive(path: string): boolean {
  return /\.(zip|7z)$/i.test(path);
}

/**
 * Extracts a .zip or .7z archive into destDir; returns the absolute paths of the extracted files
 * (directories excluded), sorted. Throws IngestError naming the entry for unsafe archives.
 */
export async function extractArchive(archivePath: string, destDir: string, limits: ArchiveLimits = {}): Promise<string[]> {
  const lim = { ...DEFAULT_ARCHIVE_LIMITS, ...limits };
  mkdirSync(destDir, { recursive: true });
  const head = await readHead(archivePath);
  if (head[0] === 0x50 && head[1] === 0x4b) return extractZip(archivePath, destDir, lim);
  if (head[0] === 0x37 && head[1] === 0x7a && head[2] === 0xbc && head[3] === 0xaf) return extract7z(archivePath, destDir, lim);
  throw new IngestError(`Archive non reconnue : ${basename(archivePath)} n'est ni un .zip ni un .7z.`, [
    { file: basename(archivePath), message: 'Fournissez une archive .zip ou .7z, ou le fichier décompressé.' },
  ]);
}

async function readHead(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(6);
    await fh.read(b, 0, 6, 0);
    return b;
  } finally {
    await fh.close();
  }
}

// ---------- entry checks shared by both formats ----------

function refuse(archive: string, entry: string, message: string, hint: string): never {
  throw new IngestError(`Archive refusée (${basename(archive)}) : ${message}`, [{ file: basename(archive), feature: entry, message: hint }]);
}

/** The entry name as a safe relative path with '/' separators; throws on traversal or absolute paths. */
function safeEntryPath(archive: string, name: string): string {
  const n = name.replace(/\\/g, '/');
  if (n.includes('\0')) refuse(archive, name, `l'entrée « ${name} » contient un caractère nul.`, 'Archive corrompue ou malveillante.');
  if (n.startsWith('/') || /^[a-zA-Z]:/.test(n)) {
    refuse(archive, name, `l'entrée « ${name} » a un chemin absolu.`, "Recréez l'archive avec des chemins relatifs.");
  }
  const parts = n.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) {
    refuse(archive, name, `l'entrée « ${name} » sort du dossier d'extraction (« .. »).`, "Recréez l'archive sans chemins contenant « .. ».");
  }
  return parts.join('/');
}

function inside(destDir: string, rel: string): string {
  const root = resolve(destDir);
  const target = resolve(root, rel);
  if (target !== root && !target.startsWith(root + sep)) throw new Error(`chemin hors du dossier : ${rel}`);
  return target;
}

const mib = (n: number) => `${(n / 1024 ** 2).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mio`;

// ---------- zip ----------

interface ZipEntry {
  name: string;
  path: string; // safe relative path
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  isDir: boolean;
}

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const b = Buffer.alloc(len);
  const { bytesRead } = await fh.read(b, 0, len, pos);
  return bytesRead === len ? b : b.subarray(0, bytesRead);
}

const u64 = (b: Buffer, o: number) => Number(b.readBigUInt64LE(o));

/** Reads the central directory (the authoritative list of entries, with OS attributes). */
async function readZipDirectory(archive: string, fh: FileHandle, fileSize: number, lim: Required<ArchiveLimits>): Promise<ZipEntry[]> {
  const corrupt = (why: string): never => refuse(archive, '', `zip illisible (${why}).`, 'Vérifiez que le fichier est complet (téléchargement interrompu ?).');
  const tailLen = Math.min(fileSize, 65_557);
  const tail = await readAt(fh, fileSize - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) corrupt('fin du répertoire central introuvable');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locPos = fileSize - tailLen + eocd - 20;
    const loc = locPos >= 0 ? await readAt(fh, locPos, 20) : Buffer.alloc(0);
    if (loc.length === 20 && loc.readUInt32LE(0) === 0x07064b50) {
      const z = await readAt(fh, u64(loc, 8), 56);
      if (z.readUInt32LE(0) !== 0x06064b50) corrupt('zip64 mal formé');
      count = u64(z, 32);
      cdSize = u64(z, 40);
      cdOffset = u64(z, 48);
    }
  }
  if (count > lim.maxEntries) {
    refuse(archive, '', `${count} entrées (limite ${lim.maxEntries}).`, 'Découpez l’archive ou ne gardez que les fichiers utiles.');
  }
  if (cdOffset + cdSize > fileSize) corrupt('répertoire central hors du fichier');
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) corrupt('entrée du répertoire central mal formée');
    const madeBy = cd.readUInt16LE(p + 4);
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const attrs = cd.readUInt32LE(p + 38);
    let localOffset = cd.readUInt32LE(p + 42);
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen);
    const name = decodeName(nameBytes, (flags & 0x800) !== 0);
    // zip64 extended information: only the fields saturated at 0xFFFFFFFF are present, in this order.
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) (size = u64(cd, q)), (q += 8);
        if (compressedSize === 0xffffffff) (compressedSize = u64(cd, q)), (q += 8);
        if (localOffset === 0xffffffff) localOffset = u64(cd, q);
      }
      e += 4 + len;
    }
    p = eEnd + commentLen;

    const path = safeEntryPath(archive, name);
    const unixMode = attrs >>> 16;
    if (madeBy >> 8 === 3 && (unixMode & 0o170000) === 0o120000) {
      refuse(archive, name, `l'entrée « ${name} » est un lien symbolique.`, "Les liens symboliques ne sont pas acceptés : remplacez-les par les fichiers eux-mêmes.");
    }
    if (flags & 1) refuse(archive, name, `l'entrée « ${name} » est chiffrée.`, 'Fournissez une archive sans mot de passe.');
    const isDir = name.endsWith('/') || name.endsWith('\\');
    entries.push({ name, path, method, flags, compressedSize, size, localOffset, isDir });
  }
  return entries;
}

function decodeName(bytes: Buffer, utf8Flag: boolean): string {
  if (utf8Flag) return bytes.toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

/** Refuses declared sizes over the limits before a single byte is inflated. */
function checkDeclared(archive: string, entries: { name: string; size: number; compressedSize: number }[], archiveSize: number, lim: Required<ArchiveLimits>): void {
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (e.size > RATIO_FLOOR && e.size > lim.maxRatio * Math.max(e.compressedSize, 1)) {
      refuse(archive, e.name, `l'entrée « ${e.name} » se décompresse ${Math.round(e.size / Math.max(e.compressedSize, 1))} fois plus gros (limite ${lim.maxRatio}) : bombe de décompression probable.`, 'Fournissez le fichier non compressé ou une archive ordinaire.');
    }
  }
  if (total > lim.maxTotalBytes) {
    refuse(archive, '', `contenu décompressé de ${mib(total)} (limite ${mib(lim.maxTotalBytes)}).`, 'Ne gardez dans l’archive que les fichiers utiles.');
  }
  if (total > RATIO_FLOOR && total > lim.maxRatio * Math.max(archiveSize, 1)) {
    refuse(archive, '', `l'archive se décompresse ${Math.round(total / archiveSize)} fois plus gros (limite ${lim.maxRatio}).`, 'Fournissez une archive ordinaire.');
  }
}

async function extractZip(archive: string, destDir: string, lim: Required<ArchiveLimits>): Promise<string[]> {
  const fileSize = statSync(archive).size;
  const fh = await open(archive, 'r');
  try {
    const entries = await readZipDirectory(archive, fh, fileSize, lim);
    checkDeclared(archive, entries, fileSize, lim);
    if (entries.some((e) => !e.isDir && e.method !== 0 && e.method !== 8)) {
      // Deflate64, bzip2, LZMA...: 7-Zip reads them all; the checks above already passed.
      await fh.close();
      return extractWith7za(archive, destDir, lim, fileSize);
    }
    const out: string[] = [];
    const budget = { total: 0 };
    for (const e of entries) {
      const target = inside(destDir, e.path);
      if (e.isDir || e.path === '') {
        await mkdir(target, { recursive: true });
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      await extractZipEntry(archive, fh, e, target, lim, budget, fileSize);
      out.push(target);
    }
    return out.sort();
  } finally {
    await fh.close().catch(() => {});
  }
}

async function extractZipEntry(
  archive: string, fh: FileHandle, e: ZipEntry, target: string, lim: Required<ArchiveLimits>, budget: { total: number }, archiveSize: number,
): Promise<void> {
  const local = await readAt(fh, e.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) {
    refuse(archive, e.name, `en-tête local de « ${e.name} » introuvable.`, 'Archive corrompue.');
  }
  const dataStart = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (dataStart + e.compressedSize > archiveSize) refuse(archive, e.name, `données de « ${e.name} » tronquées.`, 'Archive incomplète.');
  const outFh = await open(target, 'w');
  let written = 0;
  const pending: Uint8Array[] = [];
  // Sizes are checked on every inflated piece: a lying header cannot make us write past what it declared.
  const account = (chunk: Uint8Array) => {
    written += chunk.length;
    budget.total += chunk.length;
    if (written > e.size) {
      refuse(archive, e.name, `« ${e.name} » produit plus que les ${e.size} octets annoncés : archive falsifiée ou bombe de décompression.`, 'Fournissez une archive ordinaire.');
    }
    if (written > RATIO_FLOOR && written > lim.maxRatio * Math.max(e.compressedSize, 1)) {
      refuse(archive, e.name, `« ${e.name} » dépasse le taux de compression autorisé (${lim.maxRatio}) : bombe de décompression probable.`, 'Fournissez une archive ordinaire.');
    }
    if (budget.total > lim.maxTotalBytes) {
      refuse(archive, e.name, `plus de ${mib(lim.maxTotalBytes)} décompressés.`, 'Ne gardez dans l’archive que les fichiers utiles.');
    }
    pending.push(chunk);
  };
  try {
    const inflater = e.method === 8 ? new Inflate((chunk) => account(chunk)) : null;
    let pos = 0;
    while (pos < e.compressedSize) {
      const len = Math.min(READ_CHUNK, e.compressedSize - pos);
      const buf = await readAt(fh, dataStart + pos, len);
      pos += len;
      const last = pos >= e.compressedSize;
      if (!inflater) account(buf);
      else {
        for (let s = 0; s < buf.length; s += INFLATE_SLICE) {
          inflater.push(buf.subarray(s, s + INFLATE_SLICE), last && s + INFLATE_SLICE >= buf.length);
          while (pending.length) await outFh.write(pending.shift()!);
        }
      }
      while (pending.length) await outFh.write(pending.shift()!);
    }
    if (e.compressedSize === 0 && inflater) inflater.push(new Uint8Array(0), true);
    if (written !== e.size) {
      refuse(archive, e.name, `« ${e.name} » fait ${written} octets au lieu des ${e.size} annoncés.`, 'Archive corrompue ou incomplète.');
    }
  } catch (err) {
    await outFh.close();
    await rm(target, { force: true }); // no half-written file left for a caller to pick up
    if (err instanceof IngestError) throw err;
    refuse(archive, e.name, `« ${e.name} » ne se décompresse pas (${(err as Error).message}).`, 'Archive corrompue.');
  }
  await outFh.close();
}

// ---------- 7z (and zips with methods fflate lacks) ----------

let sevenZipPath: string | null = null;
// A dummy password: without one, 7-Zip would wait on stdin for a password on encrypted archives.
const NO_PASSWORD = '-pqpv-atlas-aucun-mot-de-passe';

/** Path of 7za from 7zip-bin, made executable: npm ships it without the exec bit, so a copy is chmod-ed in tmpdir. */
export function sevenZip(): string {
  if (sevenZipPath && existsSync(sevenZipPath)) return sevenZipPath;
  const copy = join(tmpdir(), `qpv-atlas-7za-${statSync(path7za).size}`);
  if (!existsSync(copy)) {
    const part = `${copy}.${process.pid}.part`;
    copyFileSync(path7za, part);
    chmodSync(part, 0o755);
    renameSync(part, copy); // atomic: a concurrent process never runs a half-copied binary
  }
  sevenZipPath = copy;
  return copy;
}


function run7za(args: string[]): Promise<string> {
  return new Promise((resolveP, reject) => {
    execFile(sevenZip(), args, { maxBuffer: 512 * 1024 * 1024, env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${stderr || stdout || err.message}`.trim().split('\n').slice(-3).join(' ')));
      else resolveP(stdout);
    });
  });
}

interface ListedEntry {
  name: string;
  size: number;
  compressedSize: number;
  isDir: boolean;
  isLink: boolean;
  encrypted: boolean;
}

/** Parses `7za l -slt` output into entries (the block after the "----------" line). */
export function parse7zListing(text: string): ListedEntry[] {
  const body = text.split(/^-{10}$/m)[1] ?? '';
  const out: ListedEntry[] = [];
  for (const block of body.split(/\n\s*\n/)) {
    const f: Record<string, string> = {};
    for (const line of block.split('\n')) {
      const m = /^([^=]+?) = ?(.*)$/.exec(line.trimEnd());
      if (m) f[m[1]] = m[2];
    }
    if (f.Path === undefined) continue;
    const attrs = f.Attributes ?? '';
    const unix = /\s([-dlcbps][-rwxsStT]{9})/.exec(` ${attrs}`)?.[1] ?? '';
    out.push({
      name: f.Path,
      size: Number(f.Size || 0),
      compressedSize: Number(f['Packed Size'] || 0),
      isDir: f.Folder === '+' || /^D/.test(attrs) || unix.startsWith('d'),
      isLink: unix.startsWith('l'),
      encrypted: f.Encrypted === '+',
    });
  }
  return out;
}

async function extract7z(archive: string, destDir: string, lim: Required<ArchiveLimits>): Promise<string[]> {
  return extractWith7za(archive, destDir, lim, statSync(archive).size);
}

async function extractWith7za(archive: string, destDir: string, lim: Required<ArchiveLimits>, archiveSize: number): Promise<string[]> {
  let listing: string;
  try {
    listing = await run7za(['l', '-slt', NO_PASSWORD, archive]);
  } catch (err) {
    refuse(archive, '', `illisible par 7-Zip (${(err as Error).message}).`, 'Vérifiez que le fichier est complet, et non protégé par mot de passe.');
  }
  const entries = parse7zListing(listing);
  if (entries.length > lim.maxEntries) {
    refuse(archive, '', `${entries.length} entrées (limite ${lim.maxEntries}).`, 'Découpez l’archive ou ne gardez que les fichiers utiles.');
  }
  for (const e of entries) {
    safeEntryPath(archive, e.name);
    if (e.isLink) refuse(archive, e.name, `l'entrée « ${e.name} » est un lien symbolique.`, 'Les liens symboliques ne sont pas acceptés : remplacez-les par les fichiers eux-mêmes.');
    if (e.encrypted) refuse(archive, e.name, `l'entrée « ${e.name} » est chiffrée.`, 'Fournissez une archive sans mot de passe.');
  }
  // Solid 7z blocks report a packed size only on their first file: the ratio is checked on the whole archive.
  checkDeclared(archive, entries.map((e) => ({ ...e, compressedSize: Number.MAX_SAFE_INTEGER })), archiveSize, lim);
  try {
    await run7za(['x', '-y', '-bd', NO_PASSWORD, `-o${resolve(destDir)}`, archive]);
  } catch (err) {
    refuse(archive, '', `extraction 7-Zip impossible (${(err as Error).message}).`, 'Archive corrompue ou incomplète.');
  }
  // Defence in depth: whatever 7-Zip wrote must be plain files inside destDir, within the size budget.
  const files: string[] = [];
  let total = 0;
  const walk = async (dir: string): Promise<void> => {
    for (const d of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, d.name);
      const st = await lstat(full);
      if (st.isSymbolicLink()) refuse(archive, relative(destDir, full), `l'entrée « ${relative(destDir, full)} » est un lien symbolique.`, 'Les liens symboliques ne sont pas acceptés.');
      if (st.isDirectory()) await walk(full);
      else if (st.isFile()) {
        total += (await stat(full)).size;
        files.push(full);
      }
    }
  };
  await walk(resolve(destDir));
  if (total > lim.maxTotalBytes) refuse(archive, '', `contenu décompressé de ${mib(total)} (limite ${mib(lim.maxTotalBytes)}).`, 'Ne gardez dans l’archive que les fichiers utiles.');
  return files.sort();
}
