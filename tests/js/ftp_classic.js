// ftp_classic.js: uploads a file to a real n2o server exactly as N2O 4.x's priv/ftp.js does,
// over a WebSocket client of its own (node 20 has none): the 10-field record with bin() and
// number() fields, Meta the ticket as a binary, `init` with block 1, then each slice with the
// agreed block in the Block field (the last, shorter chunk too), and the resume rule: after a
// dropped socket, `init` again with the same id, and on from the server's offset.
//
// node ftp_classic.js <host:port> <path> <cookie> <token> <ticket> <file> <drop-after-blocks>
// Prints one JSON line: {done, offset, size, inits, sends, resumedAt}.
'use strict';
const fs = require('fs'), net = require('net'), path = require('path'), vm = require('vm'), crypto = require('crypto');

// The repo's codec: BERT encodings are N2O's (bin: BINARY_EXT, number: SMALL_INTEGER/INTEGER).
vm.runInThisContext(fs.readFileSync(path.join(__dirname, '..', '..', 'n2o-runtime', 'src', 'client', 'bert.js'), 'utf8'));

const [hostPort, page, cookie, token, ticket, file, dropAfter] = process.argv.slice(2);
const [host, port] = hostPort.split(':');
const data = fs.readFileSync(file);

// ---- a WebSocket client: RFC 6455 handshake, masked binary/text frames out, frames in ----
function connect() {
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), host);
    const key = crypto.randomBytes(16).toString('base64');
    let buf = Buffer.alloc(0), open = false;
    const ws = { waiting: [], frames: [], closed: false, sock };
    sock.on('connect', () => {
      sock.write(`GET /ws${page} HTTP/1.1\r\nHost: ${hostPort}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nOrigin: http://${hostPort}\r\nCookie: ${cookie}\r\n\r\n`);
    });
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!open) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.slice(0, end).toString();
        if (!/^HTTP\/1\.1 101/.test(head)) return reject(new Error('handshake: ' + head));
        buf = buf.slice(end + 4);
        open = true;
        resolve(ws);
      }
      for (;;) {
        if (buf.length < 2) return;
        let len = buf[1] & 0x7f, at = 2;
        if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); at = 4; }
        else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); at = 10; }
        if (buf.length < at + len) return;
        const op = buf[0] & 0x0f, payload = buf.slice(at, at + len);
        buf = buf.slice(at + len);
        if (op === 8) { ws.closed = true; sock.end(); return; }
        if (op === 1 || op === 2) deliver(ws, op === 1 ? payload.toString() : payload);
      }
    });
    sock.on('error', reject);
    sock.on('close', () => { ws.closed = true; });
  });
}

function deliver(ws, msg) {
  const w = ws.waiting.shift();
  if (w) w(msg); else ws.frames.push(msg);
}

function next(ws) {
  if (ws.frames.length) return Promise.resolve(ws.frames.shift());
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no answer in 10 s')), 10000);
    ws.waiting.push((m) => { clearTimeout(t); resolve(m); });
  });
}

function send(ws, payload) {
  const body = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload);
  const mask = crypto.randomBytes(4);
  let head;
  if (body.length < 126) head = Buffer.from([typeof payload === 'string' ? 0x81 : 0x82, 0x80 | body.length]);
  else if (body.length < 65536) { head = Buffer.alloc(4); head[0] = 0x82; head[1] = 0xfe; head.writeUInt16BE(body.length, 2); }
  else { head = Buffer.alloc(10); head[0] = 0x82; head[1] = 0xff; head.writeBigUInt64BE(BigInt(body.length), 2); }
  if (typeof payload === 'string') head[0] = 0x81;
  const masked = Buffer.alloc(body.length);
  for (let i = 0; i < body.length; i++) masked[i] = body[i] ^ mask[i & 3];
  ws.sock.write(Buffer.concat([head, mask, masked]));
}

// The next binary frame that decodes to {Tag, ...} with `tag` (PONG and NOPs skipped).
async function expect(ws, tag) {
  for (;;) {
    const m = await next(ws);
    if (typeof m === 'string' || !m.length) continue;
    const t = dec(new Uint8Array(m).buffer);
    if (t.t === 104 && t.v[0].v === tag) return t;
  }
}

async function session() {
  const ws = await connect();
  send(ws, 'N2O,' + token);
  await expect(ws, 'io');
  return ws;
}

// ---- N2O 4.x ftp.js ----
const item = { id: String(performance.now()), sid: cookie.split('=')[1] || '', name: path.basename(file), meta: bin(ticket),
  offset: 0, block: 1, total: data.length };
function record(status, chunk) {
  return enc(tuple(atom('ftp'), bin(item.id), bin(item.sid), bin(item.name), item.meta, number(item.total),
    number(item.offset), number(item.block), bin(chunk), bin(status)));
}
function reply(t) {
  const v = t.v;
  return { offset: Number(v[6].v), block: Number(v[7].v), meta: v[4], status: utf8_dec(v[9].v) };
}

(async () => {
  const out = { done: false, size: data.length, inits: 0, sends: 0, resumedAt: null };
  let ws = await session();
  const init = async () => {
    out.inits++;
    send(ws, record('init', new Uint8Array(0)));
    const r = reply(await expect(ws, 'ftp'));
    if (r.meta.t === 104) throw new Error('init refused: ' + utf8_dec(r.meta.v[1].v));
    item.offset = r.offset;
    item.block = r.block;
    return r;
  };
  await init();
  let dropped = false;
  while (item.block > 0) {
    // ftp.js send_slice: file.slice(offset, offset + block), Block the agreed block size.
    const chunk = data.subarray(item.offset, item.offset + item.block);
    send(ws, record('send', chunk));
    out.sends++;
    const r = reply(await expect(ws, 'ftp'));
    if (r.meta.t === 104) throw new Error('send refused: ' + utf8_dec(r.meta.v[1].v));
    item.offset = r.offset;
    item.block = r.block;
    if (!dropped && out.sends >= Number(dropAfter) && item.block > 0) {
      // The socket drops; the client reconnects and asks again (same id): on from the server's offset.
      dropped = true;
      ws.sock.destroy();
      ws = await session();
      item.offset = 0; // what a fresh page state would say: the server's offset decides
      const again = await init();
      out.resumedAt = again.offset;
    }
  }
  out.offset = item.offset;
  out.done = item.offset === data.length;
  console.log(JSON.stringify(out));
  ws.sock.destroy();
})().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
