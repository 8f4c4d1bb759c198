// n2o_test.js: src/client/n2o.js over a fake WebSocket, DOM and clock: init, heartbeat, silence,
// reconnect backoff, $io, JSON frames, the send queue, format switching.
'use strict';
const assert = require('assert');
const { check, done } = require('./harness');
const { load, clock, FakeWebSocket, makeDocument, captureConsole, El } = require('./fake');

clock.install();
const logs = captureConsole();
const realRandom = Math.random;
const HTTP = { protocol: 'http:', host: 'localhost:8000', pathname: '/chat', search: '?room=1' };

// A fresh page: new clock, DOM, socket log and client globals.
function fresh(loc = HTTP, ...children) {
  clock.reset();
  FakeWebSocket.all = [];
  FakeWebSocket.refuse = false;
  logs.length = 0;
  Math.random = realRandom;
  globalThis.location = loc;
  globalThis.WebSocket = FakeWebSocket;
  makeDocument(...children);
  load('bert.js', 'n2o.js');
}
const last = () => FakeWebSocket.all[FakeWebSocket.all.length - 1];
const events = (type) => document.events.filter((e) => e.type === type);
const io = (js, data = bin('')) => enc(tuple(atom('io'), bin(js), data)).buffer;
function started(opts = { token: 'tok' }) {
  N2O_start(opts);
  const s = last();
  s.open();
  return s;
}
// Close reasons and delays of every reconnect scheduled so far.
const delays = () => events('n2o:close').map((e) => e.detail.delay);

// ---- connect and init ----

check('connects to ws://host/ws + path + query, as arraybuffer, and sends N2O,<token> on open', () => {
  fresh();
  N2O_start({ token: 'tok' });
  const s = last();
  assert.strictEqual(s.url, 'ws://localhost:8000/ws/chat?room=1');
  assert.strictEqual(s.binaryType, 'arraybuffer');
  assert.strictEqual(N2O.state, 'connecting');
  assert.deepStrictEqual(s.sent, []);
  s.open();
  assert.deepStrictEqual(s.sent, ['N2O,tok']);
  assert.strictEqual(N2O.state, 'open');
  assert.strictEqual(events('n2o:open').length, 1);
});
check('https pages use wss; the path option replaces the page path; no token sends N2O,', () => {
  fresh({ protocol: 'https:', host: 'example.com', pathname: '/', search: '' });
  N2O_start({ path: '/room/7?x=1' });
  assert.strictEqual(last().url, 'wss://example.com/ws/room/7?x=1');
  last().open();
  assert.deepStrictEqual(last().sent, ['N2O,']);
  fresh({ protocol: 'https:', host: 'example.com', pathname: '/', search: '' });
  N2O_start({ path: 'bare' });
  assert.strictEqual(last().url, 'wss://example.com/ws/bare');
  fresh({ protocol: 'http:', host: 'h', pathname: '/', search: '' });
  N2O_start();
  assert.strictEqual(last().url, 'ws://h/ws/');
});
check('waits for DOMContentLoaded when the page is still loading', () => {
  fresh();
  document.readyState = 'loading';
  N2O_start({ token: 'a' });
  assert.strictEqual(FakeWebSocket.all.length, 0);
  document.readyState = 'interactive';
  document.dispatchEvent(new Event('DOMContentLoaded'));
  assert.strictEqual(FakeWebSocket.all.length, 1);
});

// ---- heartbeat and silence ----

check('sends PING every heartbeat; PONGs keep the socket', () => {
  fresh();
  const s = started();
  clock.tick(3999);
  assert.deepStrictEqual(s.sent, ['N2O,tok']);
  for (let k = 1; k <= 10; k++) {
    clock.tick(k === 1 ? 1 : 4000);
    assert.strictEqual(s.sent.length, 1 + k);
    assert.strictEqual(s.sent[k], 'PING');
    s.recv('PONG');
  }
  assert.strictEqual(s.closed, false);
  assert.strictEqual(N2O.state, 'open');
  assert.strictEqual(FakeWebSocket.all.length, 1);
  assert.deepStrictEqual(logs, []);
});
check('the heartbeat option sets the interval', () => {
  fresh();
  const s = started({ heartbeat: 1000 });
  clock.tick(1000);
  assert.deepStrictEqual(s.sent, ['N2O,', 'PING']);
});
check('2.5 heartbeats of silence close the socket and reconnect', () => {
  fresh();
  Math.random = () => 0;
  const s = started();
  clock.tick(9999);
  assert.strictEqual(s.closed, false);
  assert.deepStrictEqual(s.sent, ['N2O,tok', 'PING', 'PING']);
  clock.tick(1);
  assert.strictEqual(s.closed, true);
  assert.strictEqual(N2O.state, 'closed');
  assert.strictEqual(events('n2o:close').length, 1);
  assert.strictEqual(events('n2o:close')[0].detail.delay, 125);
  clock.tick(124);
  assert.strictEqual(FakeWebSocket.all.length, 1);
  clock.tick(1);
  assert.strictEqual(FakeWebSocket.all.length, 2);
  assert.strictEqual(last().url, s.url);
  assert.strictEqual(N2O.state, 'connecting');
  last().open();
  assert.deepStrictEqual(last().sent, ['N2O,tok']);
  clock.tick(100000);
  assert.deepStrictEqual(s.sent, ['N2O,tok', 'PING', 'PING'], 'the old socket stays silent');
});
check('any frame counts as life, not only PONG', () => {
  fresh();
  const s = started();
  clock.tick(9000);
  s.recv(new ArrayBuffer(0)); // binary NOP
  clock.tick(9999);
  assert.strictEqual(s.closed, false);
  s.recv('');
  clock.tick(9999);
  assert.strictEqual(s.closed, false);
  clock.tick(1);
  assert.strictEqual(s.closed, true);
});
check('a hidden tab whose PINGs go out once a minute stays connected', () => {
  fresh();
  const s = started();
  clock.intervalFloor = 60000;
  let answered = 1;
  for (let k = 0; k < 600; k++) {
    clock.tick(1000);
    for (; answered < s.sent.length; answered++) s.recv('PONG'); // the server answers at once
  }
  assert.ok(s.sent.length >= 10, 'pings: ' + s.sent.length);
  assert.strictEqual(s.closed, false);
  assert.deepStrictEqual(events('n2o:close'), []);
});
check('an unanswered PING in a hidden tab is still caught', () => {
  fresh();
  const s = started();
  clock.intervalFloor = 60000;
  clock.tick(4000); // first PING
  s.recv('PONG');
  clock.tick(60000); // next PING, 64 s after the last frame, never answered
  assert.strictEqual(s.sent.length, 3);
  assert.strictEqual(s.closed, false, 'silence before a PING is not death');
  clock.tick(5999);
  assert.strictEqual(s.closed, false);
  clock.tick(1);
  assert.strictEqual(s.closed, true);
});
check('a connect that never opens is abandoned after 2.5 heartbeats', () => {
  fresh();
  N2O_start({});
  const s = last();
  clock.tick(10000);
  assert.strictEqual(s.closed, true);
  assert.strictEqual(N2O.state, 'closed');
  clock.tick(250);
  assert.strictEqual(FakeWebSocket.all.length, 2);
});

// ---- backoff ----

check('backoff doubles from 250 ms, is capped at maxDelay, and never goes below half the step', () => {
  fresh();
  Math.random = () => 0;
  N2O_start({});
  for (let k = 0; k < 10; k++) last().drop();
  assert.strictEqual(FakeWebSocket.all.length, 1, 'no reconnect before the delay');
  clock.tick(0);
  assert.deepStrictEqual(delays().slice(0, 1), [125]);
  fresh();
  Math.random = () => 0;
  N2O_start({});
  for (let k = 0; k < 10; k++) { last().drop(); clock.tick(delays()[k]); }
  assert.deepStrictEqual(delays(), [125, 250, 500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  assert.strictEqual(FakeWebSocket.all.length, 11);
  fresh();
  Math.random = () => 0.9999999;
  N2O_start({});
  for (let k = 0; k < 10; k++) { last().drop(); clock.tick(delays()[k]); }
  assert.deepStrictEqual(delays(), [250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});
check('backoff has jitter within [step/2, step]', () => {
  fresh();
  let r = 0;
  const seq = [0.1, 0.9, 0.5, 0.3, 0.7, 0.2, 0.8, 0.6];
  Math.random = () => seq[r++ % seq.length];
  N2O_start({});
  for (let k = 0; k < 8; k++) { last().drop(); clock.tick(delays()[k]); }
  const d = delays();
  d.forEach((x, k) => {
    const step = Math.min(30000, 250 * 2 ** k);
    assert.ok(x >= step / 2 && x <= step, 'delay ' + x + ' for step ' + step);
    assert.notStrictEqual(x, step / 2);
  });
  fresh();
  N2O_start({}); // the real Math.random: 20 first delays are not all the same
  const firsts = new Set();
  for (let k = 0; k < 20; k++) {
    fresh();
    N2O_start({});
    last().drop();
    firsts.add(delays()[0]);
  }
  assert.ok(firsts.size > 1, 'no jitter: ' + [...firsts]);
});
check('maxDelay and baseDelay options', () => {
  fresh();
  Math.random = () => 0.9999999;
  N2O_start({ maxDelay: 1000, baseDelay: 100 });
  for (let k = 0; k < 6; k++) { last().drop(); clock.tick(delays()[k]); }
  assert.deepStrictEqual(delays(), [100, 200, 400, 800, 1000, 1000]);
});
check('backoff resets after the init reply, not after a mere open', () => {
  fresh();
  Math.random = () => 0;
  N2O_start({});
  for (let k = 0; k < 4; k++) { last().drop(); clock.tick(delays()[k]); }
  last().open();
  last().drop(); // opened, but the server never answered init
  clock.tick(delays()[4]);
  assert.deepStrictEqual(delays(), [125, 250, 500, 1000, 2000]);
  last().open();
  last().recv(io(''));
  assert.strictEqual(events('n2o:init').length, 1);
  last().drop();
  assert.deepStrictEqual(delays().slice(5), [125]);
});

// ---- $io ----

check('$io evaluates Eval as global code and fires n2o:init once per connection', () => {
  fresh();
  const s = started();
  s.recv(io('var n2oTestGlobal = 41; n2oTestGlobal++;'));
  assert.strictEqual(globalThis.n2oTestGlobal, 42);
  assert.strictEqual(events('n2o:init').length, 1);
  s.recv(io('n2oTestGlobal++'));
  assert.strictEqual(globalThis.n2oTestGlobal, 43);
  assert.strictEqual(events('n2o:init').length, 1);
  delete globalThis.n2oTestGlobal;
  s.drop(); // a new connection has its own init reply
  clock.tick(250);
  last().open();
  last().recv(io(''));
  last().recv(io(''));
  assert.strictEqual(events('n2o:init').length, 2);
});
check('$io evaluates UTF-8 JS, and the DOM helpers work inside it', () => {
  fresh(HTTP, new El('div', { id: 'x', innerHTML: '' }));
  const s = started();
  s.recv(io("qi('x').innerHTML = 'h\u00e9\u2028\u{1d11e}';"));
  assert.strictEqual(qi('x').innerHTML, 'h\u00e9\u2028\u{1d11e}');
});
check('an exception in Eval is logged and reported, and the socket goes on', () => {
  fresh();
  const s = started();
  s.recv(io('throw new Error("bad js")'));
  const err = events('n2o:error');
  assert.strictEqual(err.length, 1);
  assert.match(err[0].detail.message, /bad js/);
  assert.ok(logs.some((l) => l[0] === 'error' && /bad js/.test(l[2])));
  s.recv(io('globalThis.n2oAfter = 1'));
  assert.strictEqual(globalThis.n2oAfter, 1);
  assert.strictEqual(N2O.state, 'open');
  delete globalThis.n2oAfter;
});
check('{error, Msg} data goes to console.error and n2o:error', () => {
  fresh();
  const s = started();
  s.recv(io('', tuple(atom('error'), bin('boom'))));
  assert.deepStrictEqual(logs, [['error', 'n2o:', 'boom']]);
  assert.strictEqual(events('n2o:error')[0].detail.message, 'boom');
});
check('other data goes to the $io.do hook; <<>> does not', () => {
  fresh();
  const s = started(), got = [];
  $io.do = (d) => got.push(d);
  s.recv(io('', bin('')));
  s.recv(io('', tuple(atom('ok'), number(1))));
  s.recv(io('', nil()));
  assert.strictEqual(got.length, 2);
  assert.ok(is(got[0], 2, 'ok'));
  assert.strictEqual(got[1].t, 106);
});
check('{Token, T} data replaces the token used on reconnect', () => {
  fresh();
  Math.random = () => 0;
  const s = started({ token: 'old' });
  s.recv(io('', tuple(atom('Token'), bin('new'))));
  s.drop();
  clock.tick(125);
  last().open();
  assert.deepStrictEqual(last().sent, ['N2O,new']);
});
check('user protocols in N2O.protos see terms before $io; unclaimed terms are dropped quietly', () => {
  fresh();
  const s = started(), got = [];
  N2O.protos.unshift({ on: (t) => is(t, 2, 'custom') && got.push(t) > 0 });
  s.recv(enc(tuple(atom('custom'), number(1))).buffer);
  s.recv(enc(tuple(atom('nobody'), number(1))).buffer);
  assert.strictEqual(got.length, 1);
  assert.deepStrictEqual(events('n2o:error'), []);
});

// ---- frames ----

check('JSON text frames are decoded and dispatched; binaries as text or bytes', () => {
  fresh();
  const s = started();
  s.recv('{"t":104,"v":[{"t":100,"v":"io"},{"t":109,"v":"globalThis.n2oJson = 7"},{"t":109,"v":""}]}');
  assert.strictEqual(globalThis.n2oJson, 7);
  const js = [...Buffer.from('globalThis.n2oJson = 8')].join(',');
  s.recv('{"t":104,"v":[{"t":100,"v":"io"},{"t":109,"v":[' + js + ']},{"t":109,"v":[]}]}');
  assert.strictEqual(globalThis.n2oJson, 8);
  s.recv(json_enc(tuple(atom('io'), bin(''), tuple(atom('error'), bin('json boom')))));
  assert.strictEqual(events('n2o:error')[0].detail.message, 'json boom');
  delete globalThis.n2oJson;
});
check('PONG, empty, FORMAT acks and other text are ignored without errors', () => {
  fresh();
  const s = started();
  for (const t of ['PONG', '', 'FORMAT,json', 'OK', 'hello']) s.recv(t);
  s.recv(new ArrayBuffer(0));
  assert.deepStrictEqual(events('n2o:error'), []);
  assert.deepStrictEqual(logs, []);
});
check('bad frames are reported and the socket goes on', () => {
  fresh();
  const s = started();
  s.recv(Uint8Array.from([131, 200]).buffer);
  s.recv('{not json');
  s.recv('{"t":42}');
  assert.strictEqual(events('n2o:error').length, 3);
  assert.match(events('n2o:error')[0].detail.message, /bad frame: bert: unsupported tag 200/);
  assert.strictEqual(N2O.state, 'open');
  s.recv(io('globalThis.n2oOk = 1'));
  assert.strictEqual(globalThis.n2oOk, 1);
  delete globalThis.n2oOk;
});
check('events from a replaced socket are ignored', () => {
  fresh();
  Math.random = () => 0;
  const s1 = started();
  s1.drop();
  clock.tick(125);
  const s2 = last();
  s2.open();
  s1.recv(io('globalThis.n2oStale = 1'));
  s1.drop();
  s1.onopen && s1.onopen({});
  assert.strictEqual(globalThis.n2oStale, undefined);
  assert.strictEqual(events('n2o:close').length, 1);
  assert.strictEqual(N2O.state, 'open');
});
check('a WebSocket constructor that throws is reported and retried', () => {
  fresh();
  Math.random = () => 0;
  FakeWebSocket.refuse = true;
  N2O_start({});
  assert.strictEqual(events('n2o:error').length, 1);
  assert.strictEqual(N2O.state, 'closed');
  FakeWebSocket.refuse = false;
  clock.tick(125);
  assert.strictEqual(FakeWebSocket.all.length, 1);
});

// ---- ws.send ----

check('ws.send encodes terms as BERT, passes bytes and text as they are', () => {
  fresh();
  const s = started(), t = tuple(atom('direct'), bin('x'));
  ws.send(t);
  ws.send('text');
  ws.send(Uint8Array.from([1, 2]));
  ws.send(enc(t));
  ws.send([1, 2]);
  assert.strictEqual(s.sent.length, 6);
  assert.ok(s.sent[1] instanceof Uint8Array);
  assert.deepStrictEqual([...s.sent[1]], [...enc(t)]);
  assert.strictEqual(s.sent[2], 'text');
  assert.deepStrictEqual([...s.sent[3]], [1, 2]);
  assert.deepStrictEqual([...s.sent[4]], [...enc(t)]);
  assert.deepStrictEqual([...s.sent[5]], [131, 108, 0, 0, 0, 2, 97, 1, 97, 2, 106]);
});
check('ws.send queues while not open and flushes in order right after init', () => {
  fresh();
  ws.send(tuple(atom('a'))); // before N2O_start
  N2O_start({ token: 't' });
  ws.send('b');
  ws.send(Uint8Array.from([9]));
  const s = last();
  assert.deepStrictEqual(s.sent, []);
  s.open();
  assert.strictEqual(s.sent.length, 4);
  assert.strictEqual(s.sent[0], 'N2O,t');
  assert.deepStrictEqual([...s.sent[1]], [131, 104, 1, 100, 0, 1, 97]);
  assert.strictEqual(s.sent[2], 'b');
  assert.deepStrictEqual([...s.sent[3]], [9]);
  assert.strictEqual(N2O.queue.length, 0);
});
check('ws.send queues across a reconnect', () => {
  fresh();
  Math.random = () => 0;
  const s = started();
  s.drop();
  ws.send('later');
  assert.deepStrictEqual(s.sent, ['N2O,tok']);
  clock.tick(125);
  last().open();
  assert.deepStrictEqual(last().sent, ['N2O,tok', 'later']);
});
check('the queue is bounded: past 1000 the new message is dropped with a warning', () => {
  fresh();
  for (let k = 0; k < 1000; k++) assert.strictEqual(ws.send('m' + k), true);
  assert.strictEqual(ws.send('overflow'), false);
  assert.strictEqual(N2O.queue.length, 1000);
  assert.ok(logs.some((l) => l[0] === 'warn'));
  const s = started();
  assert.strictEqual(s.sent.length, 1001);
  assert.strictEqual(s.sent[1000], 'm999');
});

// ---- format ----

check('N2O.format switches both sides: FORMAT,<name> then terms as JSON text', () => {
  fresh();
  const s = started(), t = tuple(atom('a'), number(1), bin([255]));
  N2O.format('json');
  assert.strictEqual(s.sent[1], 'FORMAT,json');
  ws.send(t);
  assert.strictEqual(s.sent[2], '{"t":104,"v":[{"t":100,"v":"a"},{"t":98,"v":1},{"t":109,"v":[255]}]}');
  N2O.format('bert');
  ws.send(t);
  assert.strictEqual(s.sent[3], 'FORMAT,bert');
  assert.deepStrictEqual([...s.sent[4]], [...enc(t)]);
  assert.throws(() => N2O.format('xml'), /unknown format xml/);
});
check('a JSON client says so after every init, and queued terms follow in JSON', () => {
  fresh();
  Math.random = () => 0;
  N2O_start({ token: 't', format: 'json' });
  ws.send(atom('q'));
  last().open();
  assert.deepStrictEqual(last().sent, ['N2O,t', 'FORMAT,json', '{"t":100,"v":"q"}']);
  last().drop();
  N2O.format('bert'); // while closed: nothing sent now, BERT needs no announcement later
  clock.tick(125);
  last().open();
  assert.deepStrictEqual(last().sent, ['N2O,t']);
  N2O.format('json');
  last().drop();
  clock.tick(250);
  last().open();
  assert.deepStrictEqual(last().sent, ['N2O,t', 'FORMAT,json']);
});

// ---- helpers ----

check('qi, qs, qa, qn, co and is', () => {
  fresh(HTTP, new El('div', { id: 'a' }, new El('span', { id: 'b' }), new El('span', { id: 'c' })));
  assert.strictEqual(qi('b').id, 'b');
  assert.strictEqual(qi('nope'), null);
  assert.strictEqual(qs('span').id, 'b');
  assert.ok(Array.isArray(qa('span')));
  assert.deepStrictEqual(qa('span').map((e) => e.id), ['b', 'c']);
  assert.strictEqual(qn('p').tagName, 'P');
  document.cookie = 'a=1; site-sid=xyz; b=';
  assert.strictEqual(co('site-sid'), 'xyz');
  assert.strictEqual(co('b'), '');
  assert.strictEqual(co('sid'), null);
  assert.ok(is(tuple(atom('io'), 1, 2), 3, 'io'));
  assert.ok(is(tuple(atom('io'), 1, 2), 3));
  assert.ok(!is(tuple(atom('io'), 1), 3, 'io'));
  assert.ok(!is(list(atom('io'), 1, 2), 3, 'io'));
  assert.ok(!is(undefined, 3, 'io'));
});

// ---- live reload ----

// `fetch` of /n2o/build answering `build`, resolved at once (a thenable: the checks here are
// synchronous); records the URLs asked for.
function fakeFetch(build) {
  const asked = [];
  const now = (v) => ({ then: (f) => now(f(v)), catch: () => now(v) });
  globalThis.fetch = (url, opts) => {
    asked.push([url, opts && opts.cache]);
    return now({ ok: true, text: () => build });
  };
  return asked;
}
function reloads() {
  let n = 0;
  globalThis.location.reload = () => n++;
  return () => n;
}

check('a reconnect to another build reloads the page; the first connect asks nothing', () => {
  fresh(Object.assign({}, HTTP));
  Math.random = () => 0;
  const asked = fakeFetch('b2');
  const reloaded = reloads();
  const s = started({ token: 'tok', build: 'b1' });
  assert.deepStrictEqual(asked, [], 'the first open is this build by definition');
  s.drop();
  clock.tick(125);
  last().open();
  assert.deepStrictEqual(asked, [['/n2o/build', 'no-store']]);
  assert.strictEqual(reloaded(), 1);
  assert.deepStrictEqual(events('n2o:reload').map((e) => e.detail), [{ from: 'b1', to: 'b2' }]);
});
check('a reconnect to the same build keeps the page; without a build id nothing is asked', () => {
  fresh(Object.assign({}, HTTP));
  Math.random = () => 0;
  let asked = fakeFetch('b1');
  let reloaded = reloads();
  let s = started({ token: 'tok', build: 'b1' });
  s.drop();
  clock.tick(125);
  last().open();
  assert.strictEqual(asked.length, 1);
  assert.strictEqual(reloaded(), 0);
  fresh(Object.assign({}, HTTP));
  Math.random = () => 0;
  asked = fakeFetch('b2');
  reloaded = reloads();
  s = started({ token: 'tok' });
  s.drop();
  clock.tick(125);
  last().open();
  assert.deepStrictEqual(asked, []);
  assert.strictEqual(reloaded(), 0);
});

done();
