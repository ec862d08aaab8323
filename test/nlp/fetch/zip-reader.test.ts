import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32, deflateRawSync } from 'node:zlib';
import { extractEntries } from '../../../src/nlp/fetch/zip-reader.ts';

/** A minimal zip writer (stored or deflated entries), just for building fixtures. */
function buildZip(files: { name: string; data: Buffer; deflate: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const body = f.deflate ? deflateRawSync(f.data) : f.data;
    const name = Buffer.from(f.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(f.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc32(f.data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(f.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(f.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc32(f.data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(files.length, 8);
  eocd.writeUInt16LE(files.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

describe('extractEntries', () => {
  const big = Buffer.from('tokenizer '.repeat(5000));
  const zip = buildZip([
    { name: 'README', data: Buffer.from('hello'), deflate: false },
    { name: 'model.onnx', data: big, deflate: true },
  ]);

  it('extracts stored and deflated entries by name', () => {
    const out = extractEntries(zip, ['model.onnx', 'README']);
    assert.equal(out.get('README')?.toString(), 'hello');
    assert.ok(out.get('model.onnx')?.equals(big));
  });

  it('names what the archive holds when an entry is missing', () => {
    assert.throws(() => extractEntries(zip, ['nope.onnx']), /nope\.onnx not found in archive; it holds: README, model\.onnx/);
  });

  it('rejects data that is not a zip', () => {
    assert.throws(() => extractEntries(Buffer.alloc(100), ['x']), /Not a zip/);
  });
});
