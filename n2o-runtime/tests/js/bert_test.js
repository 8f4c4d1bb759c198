// bert_test.js: src/client/bert.js against tests/vectors/bert.json, plus edge cases and bad input.
// Usage: node bert_test.js [more-vectors.json ...]   (extra files in the same [{name,json,bert}] format)
'use strict';
const fs = require('fs'), path = require('path'), vm = require('vm'), assert = require('assert');
const { check, done } = require('./harness');

const crate = path.join(__dirname, '..', '..');
vm.runInThisContext(fs.readFileSync(path.join(crate, 'src/client/bert.js'), 'utf8'), { filename: 'bert.js' });

// ---- helpers ----

// Deep equality of terms: bytes by value, numbers with Object.is (so -0 != 0), BigInts by value.
function same(a, b, at = '$') {
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    assert.ok(a instanceof Uint8Array && b instanceof Uint8Array, at + ': bytes vs ' + typeof b);
    assert.deepStrictEqual(Array.from(a), Array.from(b), at);
    return;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    assert.ok(Array.isArray(a) && Array.isArray(b), at + ': array vs non-array');
    assert.strictEqual(a.length, b.length, at + '.length');
    a.forEach((x, i) => same(x, b[i], at + '[' + i + ']'));
    return;
  }
  if (a && typeof a === 'object') {
    assert.ok(b && typeof b === 'object', at + ': object vs ' + b);
    assert.deepStrictEqual(Object.keys(a).sort(), Object.keys(b).sort(), at + ' keys');
    for (const k of Object.keys(a)) same(a[k], b[k], at + '.' + k);
    return;
  }
  assert.ok(Object.is(a, b), at + ': ' + String(a) + ' !== ' + String(b));
}

// The term as the encoder writes it: strings over 65535 bytes become lists of byte integers.
function canon(t) {
  if (!t || typeof t !== 'object') return t;
  if (t.t === 107 && t.v.length > 65535) return list(...Array.from(t.v, (x) => number(x)));
  if (t.t === 116) return { t: 116, v: t.v.map((p) => ({ k: canon(p.k), v: canon(p.v) })) };
  if (Array.isArray(t.v)) return { ...t, v: t.v.map(canon) };
  return t;
}

const bytesOf = (u) => Array.from(u);
function throwsBert(input, what) {
  const t0 = Date.now();
  assert.throws(() => dec(input), (e) => e instanceof Error && /^bert: /.test(e.message), what);
  assert.ok(Date.now() - t0 < 500, what + ': took ' + (Date.now() - t0) + ' ms');
}

// ---- the vectors ----

function runVectors(file) {
  const vectors = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.ok(Array.isArray(vectors) && vectors.length, file + ' holds no vectors');
  for (const v of vectors) {
    const term = json_dec(v.json), bert = Uint8Array.from(v.bert);
    check(v.name + ': enc(json) == bert', () => assert.deepStrictEqual(bytesOf(enc(term)), v.bert));
    check(v.name + ': dec(bert) == json', () => same(dec(bert), canon(term)));
    check(v.name + ': enc(dec(bert)) == bert', () => assert.deepStrictEqual(bytesOf(enc(dec(bert))), v.bert));
    check(v.name + ': json round trip', () => {
      assert.deepStrictEqual(JSON.parse(json_enc(term)), v.json);
      same(json_dec(json_enc(dec(bert))), dec(bert));
    });
    check(v.name + ': dec(ArrayBuffer) and offset views', () => {
      same(dec(bert.buffer), dec(bert));
      const padded = new Uint8Array(bert.length + 3);
      padded.set(bert, 2);
      same(dec(padded.subarray(2, 2 + bert.length)), dec(bert));
    });
    check(v.name + ': every truncation throws', () => {
      const n = bert.length, step = n > 4096 ? Math.ceil(n / 300) : 1;
      for (let k = 0; k < n; k += step) throwsBert(bert.subarray(0, k), 'cut at ' + k);
      throwsBert(bert.subarray(0, n - 1), 'cut at ' + (n - 1));
    });
  }
  return vectors;
}

const shared = runVectors(path.join(crate, 'tests/vectors/bert.json'));
check('at least 40 shared vectors', () => assert.ok(shared.length >= 40, String(shared.length)));
check('the required io vector is there', () => {
  const io = shared.find((v) => v.name === 'io_alert');
  assert.deepStrictEqual(io.bert, [131, 104, 3, 100, 0, 2, 105, 111, 109, 0, 0, 0, 9, 97, 108, 101, 114, 116, 40, 49, 41, 59, 109, 0, 0, 0, 0]);
  assert.deepStrictEqual(bytesOf(enc(tuple(atom('io'), bin('alert(1);'), bin('')))), io.bert);
});
check('vectors cover every tag the encoder writes', () => {
  const seen = new Set();
  for (const v of shared) {
    const walk = (t) => { seen.add(t.t === 98 && t.v >= 0 && t.v <= 255 ? 97 : t.t); (Array.isArray(t.v) ? t.v : []).forEach((e) => (e.k ? (walk(e.k), walk(e.v)) : walk(e))); };
    walk(v.json);
    if (v.bert[1] === 105) seen.add(105);
  }
  for (const tag of [70, 97, 98, 100, 104, 105, 106, 107, 108, 109, 110, 116]) assert.ok(seen.has(tag), 'tag ' + tag);
});
for (const extra of process.argv.slice(2)) runVectors(extra);

// ---- constructors ----

check('number() picks the tag by value', () => {
  same(number(0), { t: 97, v: 0 });
  same(number(255), { t: 97, v: 255 });
  same(number(256), { t: 98, v: 256 });
  same(number(-1), { t: 98, v: -1 });
  same(number(-2147483648), { t: 98, v: -2147483648 });
  same(number(2147483648), { t: 110, v: 2147483648 });
  same(number(2 ** 53), { t: 110, v: 2n ** 53n });
  same(number(5n), { t: 97, v: 5 });
  same(number(-(2n ** 70n)), { t: 110, v: -(2n ** 70n) });
  same(number(1.5), { t: 70, v: 1.5 });
});
check('string() counts UTF-8 bytes, not characters', () => {
  assert.strictEqual(string('x'.repeat(65535)).t, 107);
  assert.strictEqual(string('x'.repeat(65536)).t, 108);
  const s = string('é'.repeat(32768)); // 32768 characters, 65536 bytes
  assert.strictEqual(s.t, 108);
  assert.strictEqual(s.v.length, 65536);
  same(s.v.slice(0, 2), [number(0xc3), number(0xa9)]);
  assert.strictEqual(utf8_toByteArray, string);
});
check('bin() takes strings, ArrayBuffers, typed arrays and arrays', () => {
  same(bin('é'), { t: 109, v: Uint8Array.from([0xc3, 0xa9]) });
  same(bin(Uint8Array.from([1, 2]).buffer), { t: 109, v: Uint8Array.from([1, 2]) });
  same(bin(new Uint16Array([0x0102])), { t: 109, v: new Uint8Array(new Uint16Array([0x0102]).buffer) });
  same(bin([3, 4]), { t: 109, v: Uint8Array.from([3, 4]) });
});
check('enc takes plain JS values', () => {
  assert.deepStrictEqual(bytesOf(enc([1, 'a', true, null, 2.5, Uint8Array.from([9])])),
    bytesOf(enc(list(number(1), bin('a'), atom('true'), nil(), float(2.5), bin([9])))));
  assert.deepStrictEqual(bytesOf(enc([])), [131, 106]);
  assert.deepStrictEqual(bytesOf(enc(list())), [131, 106]);
  assert.deepStrictEqual(bytesOf(enc(undefined)), [131, 106]);
});
check('map() and pair order', () => {
  const m = map({ k: atom('b'), v: number(1) }, { k: atom('a'), v: number(2) });
  assert.deepStrictEqual(bytesOf(enc(m)), [131, 116, 0, 0, 0, 2, 100, 0, 1, 98, 97, 1, 100, 0, 1, 97, 97, 2]);
  same(dec(enc(m)), m);
});
check('atoms: Latin-1 in ATOM_EXT, others in ATOM_UTF8_EXT, at most 255 characters', () => {
  assert.deepStrictEqual(bytesOf(enc(atom('é'))), [131, 100, 0, 1, 0xe9]);
  assert.deepStrictEqual(bytesOf(enc(atom('€'))), [131, 118, 0, 3, 0xe2, 0x82, 0xac]);
  same(dec(enc(atom('日本'))), atom('日本'));
  same(dec(enc(atom('é'))), atom('é'));
  enc(atom('a'.repeat(255)));
  assert.throws(() => enc(atom('a'.repeat(256))), /atom longer than 255/);
});
check('big integers beyond i64 and LARGE_BIG', () => {
  assert.deepStrictEqual(bytesOf(enc(number(2n ** 64n))), [131, 110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  const huge = 2n ** 2100n + 7n, b = enc(number(-huge));
  assert.deepStrictEqual(bytesOf(b.subarray(0, 7)), [131, 111, 0, 0, 1, 7, 1]);
  same(dec(b), number(-huge));
  assert.strictEqual(json_enc(number(2n ** 64n)), '{"t":110,"v":"18446744073709551616"}');
});
check('encoder rejects what Erlang cannot hold', () => {
  assert.throws(() => enc(float(NaN)), /not an Erlang float/);
  assert.throws(() => enc(float(Infinity)), /not an Erlang float/);
  assert.throws(() => enc({ t: 98, v: 1.5 }), /not an integer/);
  assert.throws(() => enc({ t: 42, v: 1 }), /cannot encode/);
  assert.throws(() => enc({ t: 42, v: 1n }), /^Error: bert: cannot encode tag 42$/);
  assert.throws(() => json_enc({ t: 42, v: 1n }), /^Error: json: cannot encode tag 42$/);
  assert.throws(() => enc({ a: 1 }), /cannot encode/);
  const cyc = list();
  cyc.v.push(cyc);
  assert.throws(() => enc(cyc), /nested deeper/);
});

// ---- decode-only shapes ----

check('decodes atom variants 115/118/119 as t:100', () => {
  same(dec([131, 115, 2, 111, 107]), atom('ok'));
  same(dec([131, 118, 0, 2, 105, 111]), atom('io'));
  same(dec([131, 119, 3, 0xe2, 0x82, 0xac]), atom('€'));
  same(dec([131, 100, 0, 1, 0xff]), atom('ÿ'));
});
check('decodes old FLOAT_EXT 99', () => {
  const text = '1.50000000000000000000e+00';
  same(dec([131, 99, ...Buffer.from(text.padEnd(31, '\0'))]), float(1.5));
});
check('decodes non-canonical integers by value', () => {
  same(dec([131, 98, 0, 0, 0, 5]), number(5));
  same(dec([131, 110, 1, 0, 5]), number(5));
  same(dec([131, 110, 4, 1, 0, 0, 0, 128]), number(-2147483648));
  same(dec([131, 110, 0, 0]), number(0));
  same(dec([131, 111, 0, 0, 0, 1, 1, 7]), number(-7));
});
check('decodes LARGE_TUPLE 105 with few elements as a tuple', () => same(dec([131, 105, 0, 0, 0, 1, 97, 1]), tuple(number(1))));
check('decodes improper lists with a tail and encodes them back', () => {
  const b = [131, 108, 0, 0, 0, 1, 97, 1, 97, 2];
  same(dec(b), { t: 108, v: [number(1)], tail: number(2) });
  assert.deepStrictEqual(bytesOf(enc(dec(b))), b);
  assert.throws(() => json_enc(dec(b)), /improper/);
});
check('decodes an empty LIST_EXT as nil', () => same(dec([131, 108, 0, 0, 0, 0, 106]), nil()));
check('tolerates trailing bytes', () => same(dec([131, 97, 1, 0, 0, 0]), number(1)));
check('decodes a 500-deep list', () => {
  const b = [131];
  for (let k = 0; k < 500; k++) b.push(108, 0, 0, 0, 1);
  b.push(106, ...new Array(500).fill(106));
  let t = dec(b), depth = 0;
  while (t.t === 108) { t = t.v[0]; depth++; }
  assert.strictEqual(depth, 500);
});

// ---- bad input ----

check('rejects unknown and unsupported tags', () => {
  for (const tag of [0, 1, 69, 71, 77, 80, 82, 88, 90, 101, 102, 103, 112, 113, 114, 117, 120, 255]) {
    throwsBert([131, tag, 0, 0, 0, 0, 0, 0, 0, 0], 'tag ' + tag);
  }
  throwsBert([131, 108, 0, 0, 0, 1, 103, 106], 'unknown tag inside a list');
  assert.throws(() => dec([131, 104, 1, 200]), /unsupported tag 200 at byte 3/);
});
check('rejects a missing version byte and non-bytes', () => {
  throwsBert([], 'empty');
  throwsBert([130, 97, 1], 'version 130');
  throwsBert([97, 1], 'no version');
  assert.throws(() => dec('\x83a\x01'), /bert: dec takes bytes/);
  assert.throws(() => dec(null), /bert: dec takes bytes/);
});
check('rejects length claims far beyond the input, quickly', () => {
  const ff = [255, 255, 255, 255];
  throwsBert([131, 109, ...ff, 1, 2], 'binary 4G');
  throwsBert([131, 108, ...ff, 97, 1, 106], 'list 4G');
  throwsBert([131, 105, ...ff, 97, 1], 'tuple 4G');
  throwsBert([131, 116, ...ff, 97, 1, 97, 2], 'map 4G');
  throwsBert([131, 116, 0, 0, 0, 2, 97, 1, 97, 2], 'map 2 with one pair');
  throwsBert([131, 111, ...ff, 0, 1], 'big 4G');
  throwsBert([131, 107, 255, 255, 97], 'string 64K');
  throwsBert([131, 100, 255, 255, 97], 'atom 64K');
  throwsBert([131, 104, 255, 97, 1], 'tuple 255 with one element');
});
check('rejects nesting deeper than 1000 with an Error, not a stack overflow', () => {
  const b = [131];
  for (let k = 0; k < 100000; k++) b.push(104, 1);
  b.push(106);
  throwsBert(b, 'deep tuple');
});
check('random byte mutations never hang and only throw bert errors', () => {
  let seed = 12345;
  const rnd = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const small = shared.filter((v) => v.bert.length < 300);
  const t0 = Date.now();
  for (let k = 0; k < 5000; k++) {
    const b = Uint8Array.from(small[rnd(small.length)].bert);
    for (let m = 1 + rnd(3); m > 0; m--) b[rnd(b.length)] = rnd(256);
    try { dec(b); } catch (e) { assert.ok(e instanceof Error && /^bert: /.test(e.message), String(e)); }
  }
  assert.ok(Date.now() - t0 < 5000, 'mutations took ' + (Date.now() - t0) + ' ms');
});
check('random terms round-trip through BERT and JSON', () => {
  let seed = 99;
  const rnd = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const gen = (d) => {
    switch (rnd(d > 3 ? 6 : 10)) {
      case 0: return number(rnd(2) ? rnd(300) : (rnd(2) ? -1 : 1) * rnd(2 ** 31) * 2 ** rnd(40));
      case 1: return float((rnd(2000) - 1000) / 7);
      case 2: return atom('a'.repeat(rnd(5)));
      case 3: return bin(Array.from({ length: rnd(6) }, () => rnd(256)));
      case 4: return string(String.fromCodePoint(...Array.from({ length: rnd(4) }, () => rnd(0x10ffff + 1 - 0x800)).map((c) => (c >= 0xd800 ? c + 0x800 : c))));
      case 5: return nil();
      case 6: return tuple(...Array.from({ length: rnd(4) }, () => gen(d + 1)));
      case 7: return list(...Array.from({ length: 1 + rnd(3) }, () => gen(d + 1)));
      default: return map(...Array.from({ length: rnd(3) }, () => ({ k: gen(d + 1), v: gen(d + 1) })));
    }
  };
  for (let k = 0; k < 2000; k++) {
    const t = gen(0);
    same(dec(enc(t)), t);
    same(json_dec(json_enc(t)), t);
  }
});

// ---- JSON specifics ----

check('json_enc writes floats as floats, -0.0 included', () => {
  assert.strictEqual(json_enc(float(-0)), '{"t":70,"v":-0.0}');
  assert.strictEqual(json_enc(float(1)), '{"t":70,"v":1.0}');
  assert.strictEqual(json_enc(float(1e300)), '{"t":70,"v":1e+300}');
  assert.strictEqual(json_enc(float(0.1)), '{"t":70,"v":0.1}');
  assert.ok(Object.is(json_dec('{"t":70,"v":-0.0}').v, -0));
});
check('json_enc: text when UTF-8, bytes otherwise; nil and empty lists', () => {
  assert.strictEqual(json_enc(bin([1, 2, 255])), '{"t":109,"v":[1,2,255]}');
  assert.strictEqual(json_enc(bin('\u2028')), '{"t":109,"v":"\u2028"}');
  assert.strictEqual(json_enc(bin('\ud800x')), '{"t":109,"v":"\ufffdx"}'); // a lone surrogate is not text
  assert.strictEqual(json_enc(string('ab')), '{"t":107,"v":"ab"}');
  assert.strictEqual(json_enc(list()), '{"t":106}');
  assert.strictEqual(json_enc(nil()), '{"t":106}');
  assert.strictEqual(json_enc(number(255)), '{"t":98,"v":255}');
  assert.strictEqual(json_enc(number(2 ** 31)), '{"t":110,"v":"2147483648"}');
  assert.strictEqual(json_enc(tuple(atom('a'))), '{"t":104,"v":[{"t":100,"v":"a"}]}');
});
check('json_dec accepts 97/110 tags for small integers and rejects malformed terms', () => {
  same(json_dec('{"t":97,"v":7}'), number(7));
  same(json_dec('{"t":110,"v":"7"}'), number(7));
  same(json_dec({ t: 110, v: '-9223372036854775808' }), number(-(2n ** 63n)));
  for (const bad of ['{"t":98,"v":1.5}', '{"t":98,"v":"x"}', '{"t":109,"v":[256]}', '{"t":109,"v":[-1]}',
    '{"t":109}', '{"t":104,"v":{}}', '{"t":42,"v":1}', '{"v":1}', '5', 'null', '{"t":116,"v":[1]}',
    '{"t":100,"v":5}', '{"t":70,"v":"1.5"}']) {
    assert.throws(() => json_dec(bad), /^Error: json: /, bad);
  }
  assert.throws(() => json_dec('{"t":'), SyntaxError);
});
check('utf8 helpers keep a BOM and replace bad bytes', () => {
  assert.strictEqual(utf8_dec(utf8_enc('\ufeffa')), '\ufeffa');
  assert.strictEqual(utf8_dec([0xff]), '\ufffd');
  assert.deepStrictEqual(bytesOf(utf8_enc('𝄞')), [240, 157, 132, 158]);
});

done();
