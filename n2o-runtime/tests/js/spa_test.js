// spa_test.js: the SPA protocol in src/client/n2o.js over a fake WebSocket and DOM: {server, T}
// pushes as plain objects (N2O.onServer, the n2o:server event), N2O.client(obj) sending
// {client, T}, in BERT and JSON. With a vectors file argument (written by client_js.rs) it also
// reads pushes encoded by the Rust side and writes what N2O.client sends to a second file.
'use strict';
const assert = require('assert');
const fs = require('fs');
const { check, done } = require('./harness');
const { load, clock, FakeWebSocket, makeDocument, captureConsole } = require('./fake');

clock.install();
const logs = captureConsole();

function fresh(format = 'bert') {
  clock.reset();
  FakeWebSocket.all = [];
  logs.length = 0;
  globalThis.location = { protocol: 'http:', host: 'h', pathname: '/', search: '' };
  globalThis.WebSocket = FakeWebSocket;
  makeDocument();
  load('bert.js', 'n2o.js');
  N2O_start({ token: 't', format });
  const s = FakeWebSocket.all[0];
  s.open();
  return s;
}
const events = (type) => document.events.filter((e) => e.type === type);
const server = (t) => tuple(atom('server'), t);

check('a {server, T} push reaches every onServer callback and the n2o:server event', () => {
  const s = fresh();
  const got = [], also = [];
  N2O.onServer((v) => got.push(v));
  const stop = N2O.onServer((v) => also.push(v));
  s.recv(enc(server(map({ k: atom('col'), v: number(3) }))).buffer);
  assert.deepStrictEqual(got, [{ col: 3 }]);
  assert.deepStrictEqual(also, [{ col: 3 }]);
  assert.deepStrictEqual(events('n2o:server').map((e) => e.detail), [{ col: 3 }]);
  stop();
  s.recv(enc(server(bin('x'))).buffer);
  assert.deepStrictEqual(got, [{ col: 3 }, 'x']);
  assert.strictEqual(also.length, 1, 'a stopped callback gets nothing more');
});
check('a callback that throws is reported and the others still run', () => {
  const s = fresh();
  const got = [];
  N2O.onServer(() => { throw new Error('mine'); });
  N2O.onServer((v) => got.push(v));
  s.recv(enc(server(atom('ok'))).buffer);
  assert.deepStrictEqual(got, ['ok']);
  assert.strictEqual(events('n2o:error')[0].detail.message, 'onServer: mine');
});
check('JSON frames give the same objects', () => {
  const s = fresh('json');
  const got = [];
  N2O.onServer((v) => got.push(v));
  const t = server(tuple(atom('played'), map({ k: atom('col'), v: number(3) }, { k: atom('next'), v: atom('undefined') })));
  s.recv(json_enc(t));
  s.recv(enc(t).buffer);
  assert.deepStrictEqual(got, [{ played: { col: 3, next: null } }, { played: { col: 3, next: null } }]);
});
check('the term -> JS mapping', () => {
  const cases = [
    [number(5), 5], [float(0.5), 0.5], [number(2n ** 60n), 2n ** 60n],
    [atom('true'), true], [atom('false'), false], [atom('undefined'), null], [atom('nil'), null],
    [atom('ok'), 'ok'], [bin('héllo'), 'héllo'], [{ t: 107, v: utf8_enc('abc') }, 'abc'],
    [nil(), []], [list(number(1), bin('a')), [1, 'a']],
    [tuple(number(1), bin('a')), [1, 'a']], [tuple(bin('a'), number(1)), ['a', 1]],
    [tuple(atom('Join'), number(7)), { Join: 7 }], [tuple(atom('Swap'), number(1), number(2)), { Swap: [1, 2] }],
    [tuple(atom('true'), number(1)), [true, 1]],
    [map({ k: bin('a'), v: list(atom('B')) }, { k: atom('c'), v: map() }), { a: ['B'], c: {} }],
  ];
  for (const [t, want] of cases) assert.deepStrictEqual(N2O.plain(t, 0), want, JSON.stringify(json_enc(t)));
});
check('N2O.client sends {client, T} in the current format, T by the inverse mapping', () => {
  const s = fresh();
  N2O.client({ Play: { col: 3 } });
  const t = dec(s.sent[1]);
  assert.ok(is(t, 2, 'client'));
  assert.deepStrictEqual(N2O.plain(t.v[1], 0), { Play: { col: 3 } });
  assert.strictEqual(t.v[1].t, 116, 'an object is a map');
  assert.strictEqual(t.v[1].v[0].k.t, 109, 'with binary keys');
  N2O.format('json');
  N2O.client([null, true, 1.5, 'x', []]);
  const j = json_dec(s.sent[3]);
  assert.deepStrictEqual(j.v[1], list(atom('undefined'), atom(true), float(1.5), bin('x'), nil()));
});
check('N2O.client waits in the queue while the socket is closed, and refuses cycles and functions', () => {
  const s = fresh();
  s.drop();
  assert.strictEqual(N2O.client('Reset'), true);
  clock.tick(1000);
  const s2 = FakeWebSocket.all[FakeWebSocket.all.length - 1];
  s2.open();
  assert.deepStrictEqual(N2O.plain(dec(s2.sent[1]).v[1], 0), 'Reset');
  const o = {};
  o.self = o;
  assert.throws(() => N2O.client(o), /deeper than 1000/);
  assert.throws(() => N2O.client({ f() {} }), /cannot send a function/);
});
check('values nested past the bound are an error, not a stack overflow', () => {
  let t = nil();
  for (let k = 0; k < 1500; k++) t = list(t);
  assert.throws(() => N2O.plain(t, 0), /deeper than 1000/);
  // Through the socket: the decoders' own bound, reported.
  const s = fresh();
  const got = [];
  N2O.onServer((v) => got.push(v));
  const deep = [131, 104, 2, 100, 0, 6, ...Buffer.from('server')];
  for (let k = 0; k < 1500; k++) deep.push(108, 0, 0, 0, 1);
  deep.push(106);
  for (let k = 0; k < 1500; k++) deep.push(106);
  s.recv(new Uint8Array(deep).buffer);
  assert.deepStrictEqual(got, []);
  assert.match(events('n2o:error')[0].detail.message, /deeper than 1000/);
});

// Vectors from the Rust side: [{name, bert: [bytes], json: text, want: value}], and values to send.
const [, , vectorsFile, outFile] = process.argv;
if (vectorsFile) {
  const { pushes, sends } = JSON.parse(fs.readFileSync(vectorsFile, 'utf8'));
  check('pushes encoded by the Rust side read as serde_json writes the value', () => {
    assert.ok(pushes.length > 5);
    for (const p of pushes) {
      for (const [frame, format] of [[new Uint8Array(p.bert).buffer, 'bert'], [p.json, 'json']]) {
        const s = fresh(format);
        const got = [];
        N2O.onServer((v) => got.push(v));
        s.recv(frame);
        assert.deepStrictEqual(got, [p.want], p.name + ' in ' + format);
      }
    }
  });
  check('what N2O.client sends, for the Rust side to read', () => {
    const out = {};
    for (const [name, value] of Object.entries(sends)) {
      const s = fresh();
      N2O.client(value);
      out[name] = { bert: Array.from(new Uint8Array(s.sent[1])) };
      N2O.format('json');
      N2O.client(value);
      out[name].json = s.sent[3];
    }
    fs.writeFileSync(outFile, JSON.stringify(out));
  });
}

done();
