// ftp_test.js: src/client/ftp.js over a fake WebSocket and DOM: the exact init and send records,
// one block in flight, the server's offset obeyed, progress rows, refusals, cancel, the size limit,
// and the resume after a reconnect (init again with the same id, on from the server's offset).
'use strict';
const assert = require('assert');
const { check, done } = require('./harness');
const { load, clock, FakeWebSocket, El, makeDocument, captureConsole } = require('./fake');

clock.install();
const logs = captureConsole();

// What ftp.js needs of the DOM beyond fake.js: rows inserted after the input, text, classes.
Object.assign(El.prototype, {
  insertAdjacentElement(where, el) {
    const p = this.parentNode, at = p.children.indexOf(this);
    el.parentNode = p;
    p.children.splice(at + 1, 0, el);
    return el;
  },
  remove() {
    const p = this.parentNode;
    if (p) p.children.splice(p.children.indexOf(this), 1);
    this.parentNode = null;
  },
});
El.prototype.append = function (...kids) {
  for (const k of kids) {
    if (typeof k === 'string') continue; // text between the row's parts
    k.parentNode = this;
    this.children.push(k);
  }
  return this;
};
Object.defineProperty(El.prototype, 'classList', {
  get() {
    const el = this;
    return { toggle(c, on) { el.over = on ? c : null; } };
  },
});

// A File whose slices read synchronously (a thenable), so each check runs straight through.
function file(name, bytes, type) {
  const data = Uint8Array.from(bytes);
  return {
    name, type: type || '', size: data.length,
    slice: (a, b) => ({ arrayBuffer: () => ({ then: (ok) => ok(data.slice(a, b).buffer) }) }),
  };
}

function fresh() {
  clock.reset();
  FakeWebSocket.all = [];
  logs.length = 0;
  globalThis.location = { protocol: 'http:', host: 'h', pathname: '/', search: '' };
  globalThis.WebSocket = FakeWebSocket;
  const input = new El('input', { id: 'files', type: 'file', multiple: true });
  const zone = new El('div', { id: 'zone' });
  makeDocument(zone, input);
  load('bert.js', 'n2o.js', 'nitro.js', 'ftp.js');
  N2O_start({ token: 't' });
  const s = FakeWebSocket.all[0];
  s.open();
  s.recv(enc(tuple(atom('io'), bin(''), bin(''))).buffer);
  s.sent.length = 0;
  const seen = [];
  input.addEventListener('n2o:ftp', (e) => seen.push(e.detail.type + ':' + e.detail.offset));
  return { s, input, zone, seen };
}

function choose(input, ...files) {
  input.files = files;
  input.dispatchEvent({ type: 'change' });
}

// The FTP records sent, decoded: [status, id, offset, block, data bytes].
function records(s) {
  return s.sent.filter((x) => typeof x !== 'string').map((x) => dec(x.buffer.slice(x.byteOffset, x.byteOffset + x.byteLength)))
    .filter((t) => is(t, 10, 'ftp'))
    .map((t) => [utf8_dec(t.v[9].v), utf8_dec(t.v[1].v), Number(t.v[6].v), Number(t.v[7].v), Array.from(t.v[8].v)]);
}

function reply(s, id, offset, block, meta) {
  s.recv(enc(tuple(atom('ftp'), bin(id), bin(''), bin('a.txt'), meta || bin(''), number(10), number(offset),
    number(block), bin(''), bin('send'))).buffer);
}

const rows = () => document.body.descendants().filter((e) => e.getAttribute && e.getAttribute('data-ftp'));
const info = (r) => r.children.find((c) => c.className === 'n2o-ftp-info').textContent;

check('bind, choose: the init record is exactly N2O\'s, Meta {n2o, Ticket, Type}', () => {
  const { s, input } = fresh();
  N2O.ftp.bind('files', 'TICKET', { drop: 'zone' });
  choose(input, file('a.txt', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'text/plain'));
  assert.strictEqual(s.sent.length, 1);
  const id = records(s)[0][1];
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const want = enc(tuple(atom('ftp'), bin(id), bin(''), bin('a.txt'), tuple(atom('n2o'), bin('TICKET'), bin('text/plain')),
    number(10), number(0), number(0), bin(''), bin('init')));
  assert.deepStrictEqual(Array.from(s.sent[0]), Array.from(want));
  assert.ok(document.getElementById('files-ftp'), 'a list of rows after the input');
  assert.strictEqual(rows().length, 1);
});

check('blocks go one at a time, where the server says, until Block 0', () => {
  const { s, input, seen } = fresh();
  N2O.ftp.bind('files', 'T', {});
  choose(input, file('a.txt', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
  const id = records(s)[0][1];
  reply(s, id, 0, 4);
  assert.deepStrictEqual(records(s).slice(1), [['send', id, 0, 4, [1, 2, 3, 4]]]);
  reply(s, id, 4, 4);
  reply(s, id, 8, 4);
  // The last block is short: min(Block, Size - Offset).
  assert.deepStrictEqual(records(s).slice(2), [['send', id, 4, 4, [5, 6, 7, 8]], ['send', id, 8, 4, [9, 10]]]);
  reply(s, id, 10, 0);
  assert.strictEqual(records(s).length, 4, 'nothing after Block 0');
  const r = rows()[0];
  assert.strictEqual(info(r), '10 B / 10 B (100%)');
  assert.match(r.className, /n2o-ftp-done/);
  assert.deepStrictEqual(seen, ['progress:0', 'progress:4', 'progress:8', 'done:10']);
});

check('the server\'s offset is authoritative', () => {
  const { s, input } = fresh();
  N2O.ftp.bind('files', 'T', {});
  choose(input, file('a.txt', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
  const id = records(s)[0][1];
  reply(s, id, 6, 3);
  assert.deepStrictEqual(records(s)[1], ['send', id, 6, 3, [7, 8, 9]]);
});

check('a refusal shows the server\'s reason, and the next file goes', () => {
  const { s, input, seen } = fresh();
  N2O.ftp.bind('files', 'T', {});
  choose(input, file('a.exe', [1]), file('b.txt', [2]));
  assert.strictEqual(records(s).length, 1, 'one transfer at a time');
  const id = records(s)[0][1];
  reply(s, id, 0, 0, tuple(atom('error'), bin('file type not accepted: text/*')));
  assert.strictEqual(info(rows()[0]), '0 B / 1 B (0%): file type not accepted: text/*');
  assert.match(rows()[0].className, /n2o-ftp-error/);
  assert.deepStrictEqual(seen, ['error:0']);
  const next = records(s)[1];
  assert.strictEqual(next[0], 'init');
  assert.notStrictEqual(next[1], id);
});

check('a dropped socket: init again with the same id, then on from the server\'s offset', () => {
  const { s, input } = fresh();
  N2O.ftp.bind('files', 'T', {});
  choose(input, file('a.txt', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
  const id = records(s)[0][1];
  reply(s, id, 0, 4);
  s.drop(); // the send of [0, 4) is lost with its answer
  while (FakeWebSocket.all.length < 2) clock.tick(50);
  const s2 = FakeWebSocket.all[1];
  assert.notStrictEqual(s2, s);
  s2.open();
  assert.strictEqual(records(s2).length, 0, 'nothing before the server answered the new init');
  s2.recv(enc(tuple(atom('io'), bin(''), bin(''))).buffer);
  assert.deepStrictEqual(records(s2).map((r) => r.slice(0, 2)), [['init', id]]);
  reply(s2, id, 4, 4);
  assert.deepStrictEqual(records(s2)[1], ['send', id, 4, 4, [5, 6, 7, 8]]);
});

check('cancel sends stop; later answers are ignored', () => {
  const { s, input, seen } = fresh();
  N2O.ftp.bind('files', 'T', {});
  choose(input, file('a.txt', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
  const id = records(s)[0][1];
  reply(s, id, 0, 4);
  const cancel = rows()[0].children.find((c) => c.className === 'n2o-ftp-cancel');
  cancel.dispatchEvent({ type: 'click' });
  assert.deepStrictEqual(records(s)[2].slice(0, 2), ['stop', id]);
  reply(s, id, 4, 4);
  assert.strictEqual(records(s).length, 3, 'no block after a cancel');
  assert.match(info(rows()[0]), /cancelled$/);
  assert.deepStrictEqual(seen, ['progress:0', 'cancelled:0']);
});

check('a file over max is refused without a frame; one file when not multiple', () => {
  const { s, input } = fresh();
  input.multiple = false;
  N2O.ftp.bind('files', 'T', { max: 3 });
  choose(input, file('big.txt', [1, 2, 3, 4]), file('b.txt', [1]));
  assert.strictEqual(records(s).length, 0);
  assert.strictEqual(rows().length, 1);
  assert.strictEqual(info(rows()[0]), '0 B / 4 B (0%): file too large: 4 bytes, the limit is 3');
});

check('files dropped on the zone go up like chosen ones', () => {
  const { s, zone } = fresh();
  N2O.ftp.bind('files', 'T', { drop: 'zone' });
  let prevented = 0;
  const ev = (type, extra) => Object.assign({ type, preventDefault: () => prevented++ }, extra);
  zone.dispatchEvent(ev('dragover'));
  assert.strictEqual(zone.over, 'n2o-ftp-over');
  zone.dispatchEvent(ev('drop', { dataTransfer: { files: [file('d.txt', [1, 2])] } }));
  assert.strictEqual(zone.over, null);
  assert.strictEqual(prevented, 2, 'the browser does not open the file');
  assert.deepStrictEqual(records(s).map((r) => r[0]), ['init']);
  assert.strictEqual(rows().length, 1);
});

done();
