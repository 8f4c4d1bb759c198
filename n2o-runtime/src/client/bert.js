// bert.js: N2O's BERT codec (Erlang External Term Format) and its {t,v} JSON twin, for the browser.
//
// A term is N2O's {t: tag, v: value}:
//   {t:100,v:'io'} atom          {t:97|98,v:5} integer        {t:110,v:2**40 or 2n**64} big integer
//   {t:70,v:1.5}   float         {t:109,v:Uint8Array} binary  {t:107,v:Uint8Array} string (list of bytes)
//   {t:104,v:[..]} tuple         {t:108,v:[..]} list          {t:106,v:[]} nil   {t:116,v:[{k,v}]} map
// Decoders (dec, json_dec) give exactly these shapes, tagged by value: an integer is 97, 98 or 110
// by its size (110 holds a Number while it is a safe integer, else a BigInt), every atom encoding
// is t:100, LARGE_TUPLE is t:104, an empty list is nil. enc also takes plain JS values: arrays
// (lists), numbers, strings and byte arrays (binaries), booleans (atoms), null/undefined (nil).
(function (g) {
  'use strict';

  const te = new TextEncoder(),
    td = new TextDecoder('utf-8', { ignoreBOM: true }), // keep a leading U+FEFF: binaries round-trip
    strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  function utf8_enc(s) { return te.encode(String(s)); }
  function utf8_dec(b) { return td.decode(bytes(b)); }

  // The bytes of a binary-ish value: typed arrays and ArrayBuffers as they are, arrays copied,
  // anything else as UTF-8 text.
  function bytes(x) {
    if (x instanceof Uint8Array) return x;
    if (ArrayBuffer.isView(x)) return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
    if (x instanceof ArrayBuffer) return new Uint8Array(x);
    if (Array.isArray(x)) return Uint8Array.from(x);
    return utf8_enc(x == null ? '' : x);
  }

  // A short description of a value for error messages (JSON.stringify fails on BigInts and cycles).
  function show(x) {
    try { return String(JSON.stringify(x)).slice(0, 80); } catch (e) { return 'tag ' + (x && x.t); }
  }

  // ---- constructors (N2O's names) ----

  function tuple(...v) { return { t: 104, v }; }
  function list(...v) { return { t: 108, v }; }
  function map(...kv) { return { t: 116, v: kv }; } // map({k: atom('a'), v: number(1)}, ...)
  function nil() { return { t: 106, v: [] }; }
  function atom(s) { return { t: 100, v: String(s) }; }
  function bin(x) { return { t: 109, v: bytes(x) }; }
  function float(n) { return { t: 70, v: Number(n) }; }

  // An integer tagged by size, as Erlang writes it; a non-integer Number becomes a float.
  function number(n) {
    if (typeof n === 'bigint') {
      if (n < -2147483648n || n > 2147483647n) {
        return { t: 110, v: n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n };
      }
      n = Number(n);
    }
    n = Number(n);
    if (!Number.isInteger(n)) return float(n);
    if (n >= 0 && n <= 255) return { t: 97, v: n };
    if (n >= -2147483648 && n <= 2147483647) return { t: 98, v: n };
    return { t: 110, v: Number.isSafeInteger(n) ? n : BigInt(n) };
  }

  // An Erlang string (what N2O's utf8_toByteArray sends): STRING_EXT holds 65535 bytes at most,
  // so longer text becomes a list of byte integers, as term_to_binary does.
  function string(s) {
    const b = bytes(s);
    return b.length <= 65535 ? { t: 107, v: b } : { t: 108, v: Array.from(b, (x) => number(x)) };
  }

  // ---- encoder ----

  function enc(x) {
    const o = [131];
    put(o, x, 0);
    return new Uint8Array(o);
  }

  function be(o, n, k) { for (let i = k - 1; i >= 0; i--) o.push((n >>> (8 * i)) & 255); }
  function raw(o, b) { for (let i = 0; i < b.length; i++) o.push(b[i]); }

  // Plain JS values as terms: what enc and json_enc accept besides {t,v} objects.
  function asTerm(x) {
    if (x == null) return nil();
    if (Array.isArray(x)) return { t: 108, v: x };
    if (ArrayBuffer.isView(x) || x instanceof ArrayBuffer) return bin(x);
    switch (typeof x) {
      case 'bigint': case 'number': return number(x);
      case 'string': return bin(x);
      case 'boolean': return atom(x);
    }
    return x;
  }

  function put(o, x, d) {
    if (d > 1000) throw new Error('bert: term nested deeper than 1000 (a cycle?)');
    x = asTerm(x);
    const v = x.v;
    switch (x.t) {
      case 70: case 99: return putFloat(o, v);
      case 97: case 98: case 110: case 111: return putInt(o, v);
      case 100: case 115: case 118: case 119: return putAtom(o, v);
      case 104: case 105:
        if (v.length < 256) o.push(104, v.length);
        else { o.push(105); be(o, v.length, 4); }
        for (const e of v) put(o, e, d + 1);
        return;
      case 106: return o.push(106);
      case 107: {
        const b = bytes(v);
        return b.length > 65535 ? put(o, string(b), d) : putBin(o, 107, 2, b);
      }
      case 108: return putList(o, v, x.tail, d);
      case 109: return putBin(o, 109, 4, bytes(v));
      case 116:
        o.push(116);
        be(o, v.length, 4);
        for (const p of v) { put(o, p.k, d + 1); put(o, p.v, d + 1); }
        return;
    }
    throw new Error('bert: cannot encode ' + show(x));
  }

  function putBin(o, tag, k, b) { o.push(tag); be(o, b.length, k); raw(o, b); }

  function putList(o, v, tail, d) {
    if (!v.length) return put(o, tail, d); // [] is nil; [|T] is T
    o.push(108);
    be(o, v.length, 4);
    for (const e of v) put(o, e, d + 1);
    put(o, tail, d + 1); // null: proper list
  }

  // Latin-1 names go in ATOM_EXT (what both N2O clients read); others need ATOM_UTF8_EXT,
  // since ATOM_EXT bytes are Latin-1 to Erlang.
  function putAtom(o, s) {
    s = String(s);
    if ([...s].length > 255) throw new Error('bert: atom longer than 255 characters');
    if (/^[\0-\xff]*$/.test(s)) {
      o.push(100);
      be(o, s.length, 2);
      for (let i = 0; i < s.length; i++) o.push(s.charCodeAt(i));
    } else putBin(o, 118, 2, utf8_enc(s));
  }

  function putFloat(o, n) {
    n = Number(n);
    if (!isFinite(n)) throw new Error('bert: ' + n + ' is not an Erlang float');
    const dv = new DataView(new ArrayBuffer(8));
    dv.setFloat64(0, n);
    o.push(70);
    raw(o, new Uint8Array(dv.buffer));
  }

  function putInt(o, n) {
    if (typeof n !== 'bigint') {
      if (!Number.isInteger(n)) throw new Error('bert: ' + n + ' is not an integer');
      if (n >= 0 && n <= 255) return o.push(97, n);
      if (n >= -2147483648 && n <= 2147483647) { o.push(98); return be(o, n, 4); }
      n = BigInt(n);
    } else if (n >= -2147483648n && n <= 2147483647n) return putInt(o, Number(n));
    // SMALL_BIG / LARGE_BIG: sign byte, then the magnitude little-endian.
    let h = (n < 0n ? -n : n).toString(16);
    if (h.length & 1) h = '0' + h;
    const k = h.length / 2;
    if (k < 256) o.push(110, k);
    else { o.push(111); be(o, k, 4); }
    o.push(n < 0n ? 1 : 0);
    for (let i = h.length; i > 0; i -= 2) o.push(parseInt(h.slice(i - 2, i), 16));
  }

  // ---- decoder ----

  // Decodes one term from an ArrayBuffer or a typed array; trailing bytes are ignored.
  // Throws an Error on anything malformed: every length is checked against the bytes left
  // before it is used, so bad input can neither loop nor allocate much.
  function dec(data) {
    if (typeof data === 'string' || data == null) throw new Error('bert: dec takes bytes');
    const b = bytes(data), dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let i = 0;
    const fail = (why) => { throw new Error('bert: ' + why + ' at byte ' + i); };
    const need = (n) => { if (n > b.length - i) fail('truncated term (' + n + ' bytes claimed)'); };
    const u8 = () => (need(1), b[i++]);
    const u16 = () => (need(2), (i += 2), dv.getUint16(i - 2));
    const u32 = () => (need(4), (i += 4), dv.getUint32(i - 4));
    const take = (n) => (need(n), b.slice(i, (i += n)));
    const latin1 = (u) => { let s = ''; for (const c of u) s += String.fromCharCode(c); return s; };

    function many(n, d) {
      need(n); // every element takes at least one byte
      const v = [];
      for (let k = 0; k < n; k++) v.push(term(d + 1));
      return v;
    }

    function big(n) {
      const neg = u8(), m = take(n);
      let h = '';
      for (let k = n - 1; k >= 0; k--) h += (m[k] < 16 ? '0' : '') + m[k].toString(16);
      const v = h ? BigInt('0x' + h) : 0n;
      return number(neg ? -v : v);
    }

    function term(d) {
      if (d > 1000) fail('term nested deeper than 1000');
      const tag = u8();
      switch (tag) {
        case 70: need(8); i += 8; return float(dv.getFloat64(i - 8));
        case 97: return { t: 97, v: u8() };
        case 98: need(4); i += 4; return number(dv.getInt32(i - 4));
        case 99: return float(parseFloat(latin1(take(31)))); // old FLOAT_EXT: "%.20e" text
        case 100: return atom(latin1(take(u16())));
        case 115: return atom(latin1(take(u8())));
        case 118: return atom(utf8_dec(take(u16())));
        case 119: return atom(utf8_dec(take(u8())));
        case 104: return { t: 104, v: many(u8(), d) };
        case 105: return { t: 104, v: many(u32(), d) };
        case 106: return nil();
        case 107: return { t: 107, v: take(u16()) };
        case 108: {
          const v = many(u32(), d), tail = term(d + 1);
          if (tail.t !== 106) return { t: 108, v, tail };
          return v.length ? { t: 108, v } : tail;
        }
        case 109: return { t: 109, v: take(u32()) };
        case 110: return big(u8());
        case 111: return big(u32());
        case 116: {
          const n = u32(), v = [];
          need(2 * n);
          for (let k = 0; k < n; k++) v.push({ k: term(d + 1), v: term(d + 1) });
          return { t: 116, v };
        }
      }
      i--;
      fail('unsupported tag ' + tag);
    }

    if (u8() !== 131) { i--; fail('no version byte 131'); }
    return term(0);
  }

  // ---- the JSON formatter's {t,v} shape ----
  // As above, except: integers in 32 bits are {"t":98,"v":5}, larger {"t":110,"v":"<decimal>"};
  // a binary or string is a JSON string when UTF-8, else an array of bytes; nil is {"t":106}.

  function jbytes(v) {
    const b = bytes(v);
    try { return JSON.stringify(strict.decode(b)); } catch (e) { return '[' + b.join(',') + ']'; }
  }

  function jfloat(n) {
    if (!isFinite(n)) throw new Error('json: ' + n + ' is not an Erlang float');
    if (Object.is(n, -0)) return '-0.0';
    const s = String(n);
    return /[.e]/.test(s) ? s : s + '.0'; // keep floats floats for the other side
  }

  function jt(x, d) {
    if (d > 1000) throw new Error('json: term nested deeper than 1000 (a cycle?)');
    x = asTerm(x);
    const v = x.v, T = (t, s) => '{"t":' + t + ',"v":' + s + '}', all = (a) => a.map((e) => jt(e, d + 1)).join(',');
    switch (x.t) {
      case 70: case 99: return T(70, jfloat(Number(v)));
      case 97: case 98: case 110: case 111: {
        if (typeof v !== 'bigint' && !Number.isInteger(v)) throw new Error('json: ' + v + ' is not an integer');
        const n = number(v);
        return n.t === 110 ? T(110, '"' + BigInt(n.v) + '"') : T(98, String(n.v));
      }
      case 100: case 115: case 118: case 119: return T(100, JSON.stringify(String(v)));
      case 104: case 105: return T(104, '[' + all(v) + ']');
      case 106: return '{"t":106}';
      case 107: case 109: return T(x.t, jbytes(v));
      case 108:
        if (x.tail != null && x.tail.t !== 106) throw new Error('json: improper lists have no JSON shape');
        return v.length ? T(108, '[' + all(v) + ']') : '{"t":106}';
      case 116: return T(116, '[' + v.map((p) => '{"k":' + jt(p.k, d + 1) + ',"v":' + jt(p.v, d + 1) + '}').join(',') + ']');
    }
    throw new Error('json: cannot encode ' + show(x));
  }

  function json_enc(x) { return jt(x, 0); }

  // A term from JSON text (or from its parsed value), in the same shapes dec gives.
  function json_dec(x) { return jv(typeof x === 'string' ? JSON.parse(x) : x, 0); }

  function jv(o, d) {
    const bad = () => { throw new Error('json: not a term: ' + show(o)); };
    if (d > 1000) throw new Error('json: term nested deeper than 1000');
    if (!o || typeof o !== 'object') bad();
    const v = o.v, arr = () => (Array.isArray(v) ? v : bad());
    switch (o.t) {
      case 70: case 99: return typeof v === 'number' ? float(v) : bad();
      case 97: case 98: case 110: case 111:
        if (typeof v === 'number' && Number.isInteger(v)) return number(v);
        return typeof v === 'string' && /^-?\d+$/.test(v) ? number(BigInt(v)) : bad();
      case 100: case 115: case 118: case 119: return typeof v === 'string' ? atom(v) : bad();
      case 104: case 105: return { t: 104, v: arr().map((e) => jv(e, d + 1)) };
      case 106: return nil();
      case 107: case 109:
        if (typeof v === 'string') return { t: o.t, v: utf8_enc(v) };
        return arr().every((n) => n === (n & 255)) ? { t: o.t, v: Uint8Array.from(v) } : bad();
      case 108: return arr().length ? { t: 108, v: v.map((e) => jv(e, d + 1)) } : nil();
      case 116: return { t: 116, v: arr().map((p) => ({ k: jv(p && p.k, d + 1), v: jv(p && p.v, d + 1) })) };
    }
    return bad();
  }

  Object.assign(g, {
    tuple, list, map, nil, atom, bin, float, number, string, enc, dec,
    utf8_enc, utf8_dec, json_enc, json_dec, utf8_toByteArray: string,
  });
})(globalThis);
