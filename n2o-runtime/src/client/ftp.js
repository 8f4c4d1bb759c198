// ftp.js: n2o's FTP client: files sent up the page's own socket in blocks, one block in flight,
// resumed after a reconnect from the server's offset. Needs bert.js and n2o.js.
//
// Wire (N2O's record, see n2o_runtime::ftp): {ftp, Id, Sid, Filename, Meta, Size, Offset, Block,
// Data, Status}, Meta = {n2o, Ticket, ContentType}. `init` asks where to start; the server answers
// Offset (what it holds) and Block (the size it wants; 0: done or refused, Meta {error, Why} says
// why). `send` carries file.slice(Offset, Offset + Block); `stop` cancels. The server's Offset is
// authoritative: the client only ever sends what the last reply asked for. Records always go as
// binary BERT, as N2O's ftp.js sends them, whatever the socket's format: a block in JSON would be
// four times its size and over the server's frame limits. The answers come in the socket's format.
(function (g) {
  'use strict';

  const items = {}; // transfer id -> item
  const queue = []; // ids waiting for their turn: one transfer at a time, in the order chosen
  let active = null; // the id of the transfer going now

  function uuid() {
    const c = g.crypto;
    if (c && typeof c.randomUUID === 'function') return c.randomUUID();
    const b = new Uint8Array(16);
    if (c && c.getRandomValues) c.getRandomValues(b);
    else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => (x + 256).toString(16).slice(1)).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function record(it, status, block, data) {
    const f = it.file;
    return tuple(atom('ftp'), bin(it.id), bin(''), bin(f.name), tuple(atom('n2o'), bin(it.ticket), bin(f.type || '')),
      number(f.size), number(it.offset), number(block), bin(data || ''), bin(status));
  }

  // Only on an open socket: a frame queued across a reconnect would reach the server after the
  // client has asked again where to start, at an offset that is no longer the server's.
  function put(it, status, block, data) {
    if (N2O.state !== 'open') return false;
    it.wait = status;
    return ws.send(enc(record(it, status, block, data)));
  }

  function human(n) {
    const u = ['B', 'KB', 'MB', 'GB', 'TB'];
    let i = 0;
    while (n >= 1000 && i < u.length - 1) { n /= 1000; i++; }
    return (i ? n.toFixed(1) : String(n)) + ' ' + u[i];
  }

  // The transfer's row under its input: name, progress bar, bytes and %, cancel button.
  function row(it, input) {
    let list = qi(input.id + '-ftp');
    if (!list) {
      list = qn('div');
      list.id = input.id + '-ftp';
      list.className = 'n2o-ftp';
      input.insertAdjacentElement('afterend', list);
    }
    const r = qn('div'), name = qn('span'), bar = qn('progress'), info = qn('span'), cancel = qn('button');
    r.className = 'n2o-ftp-file';
    r.setAttribute('data-ftp', it.id);
    name.className = 'n2o-ftp-name';
    name.textContent = it.file.name;
    bar.max = it.file.size || 1;
    bar.value = 0;
    info.className = 'n2o-ftp-info';
    cancel.type = 'button';
    cancel.className = 'n2o-ftp-cancel';
    cancel.textContent = 'Cancel';
    cancel.addEventListener('click', () => stop(it.id));
    r.append(name, ' ', bar, ' ', info, ' ', cancel);
    list.append(r);
    Object.assign(it, { row: r, bar, info, cancel });
    show(it);
  }

  function show(it) {
    const size = it.file.size, pct = size ? Math.floor((it.offset * 100) / size) : it.state === 'done' ? 100 : 0;
    it.bar.value = size ? it.offset : pct / 100;
    let text = human(it.offset) + ' / ' + human(size) + ' (' + pct + '%)';
    if (it.state === 'error') text += ': ' + it.why;
    else if (it.state === 'cancelled') text += ': cancelled';
    else if (it.state === 'queued') text += ': waiting';
    it.info.textContent = text;
    it.row.className = 'n2o-ftp-file n2o-ftp-' + it.state;
    if (it.state === 'done' || it.state === 'error' || it.state === 'cancelled') it.cancel.remove();
  }

  // The `n2o:ftp` event on the input (it bubbles): detail {type: 'progress' | 'done' | 'error' |
  // 'cancelled', id, name, size, offset, error}.
  function tell(it, type) {
    const input = qi(it.input) || it.el;
    const detail = { type, id: it.id, name: it.file.name, size: it.file.size, offset: it.offset, error: it.why || null };
    try { input.dispatchEvent(new CustomEvent('n2o:ftp', { detail, bubbles: true })); } catch (e) { /* no DOM events */ }
  }

  // Files chosen on (or dropped for) input `el`: each one queued, a row each.
  function add(el, files) {
    const o = el.n2oFtp;
    let list = Array.from(files || []);
    if (!el.multiple) list = list.slice(0, 1);
    for (const file of list) {
      const it = { id: uuid(), file, ticket: o.ticket, input: el.id, el, offset: 0, block: 0, state: 'queued', wait: null, gen: 0 };
      items[it.id] = it;
      row(it, el);
      // The server refuses it too, in the same words; asking it would only cost a round trip.
      if (o.max && file.size > o.max) finish(it, 'error', 'file too large: ' + file.size + ' bytes, the limit is ' + o.max);
      else queue.push(it.id);
    }
    next();
  }

  function next() {
    if (active && items[active] && items[active].state === 'going') return;
    active = null;
    while (queue.length && !active) {
      const it = items[queue.shift()];
      if (it && it.state === 'queued') {
        active = it.id;
        it.state = 'going';
        show(it);
        start(it);
      }
    }
  }

  // (Again) asks the server where this transfer stands; the reply says where to go on from.
  function start(it) {
    it.gen++;
    put(it, 'init', it.block || 0);
  }

  function finish(it, state, why) {
    it.state = state;
    it.wait = null;
    it.why = why || null;
    show(it);
    tell(it, state);
    if (active === it.id) active = null;
    next();
  }

  // A reply: {ftp, ..} (and N2O's 11-field `ftpack`, for servers that send it).
  const $ftp = {
    on(t) {
      if (!(is(t, 10, 'ftp') || is(t, 11, 'ftp') || is(t, 11, 'ftpack'))) return false;
      const v = t.v, it = items[text(v[1])];
      if (!it || it.state !== 'going' || !it.wait) return true; // stale: cancelled, or from before a reconnect
      const meta = v[4], offset = Number(v[6].v), block = Number(v[7].v);
      it.wait = null;
      if (is(meta, 2, 'error')) return finish(it, 'error', text(meta.v[1])), true;
      if (offset >= 0 && offset <= it.file.size) it.offset = offset;
      if (block <= 0) {
        if (it.offset >= it.file.size) finish(it, 'done');
        else finish(it, 'error', 'refused');
        return true;
      }
      it.block = block;
      show(it);
      tell(it, 'progress');
      send(it);
      return true;
    },
  };

  function text(x) { return x.t === 100 ? x.v : utf8_dec(x.v); }

  // The block the server asked for, read from the file, then sent: unless the transfer was
  // restarted (reconnect) or cancelled while the file was being read.
  function send(it) {
    const gen = it.gen, from = it.offset, to = Math.min(it.file.size, from + it.block);
    it.wait = 'read';
    it.file.slice(from, to).arrayBuffer().then((buf) => {
      if (it.gen !== gen || it.state !== 'going') return;
      if (!put(it, 'send', it.block, new Uint8Array(buf))) it.wait = null; // the socket is down: init resumes it
    }, (e) => finish(it, 'error', 'cannot read the file: ' + e.message));
  }

  function stop(id) {
    const it = items[id];
    if (!it || (it.state !== 'queued' && it.state !== 'going')) return;
    const was = it.state;
    it.gen++;
    if (was === 'going') {
      // The server deletes what it holds; without a socket now, the partial file expires there.
      if (N2O.state === 'open') ws.send(enc(record(it, 'stop', 0)));
    }
    finish(it, 'cancelled');
  }

  // Back after a reconnect (n2o.js emits n2o:init once the server answered the new socket's
  // init): the transfer going asks again where the server stands, and goes on from there.
  document.addEventListener('n2o:init', () => {
    const it = active && items[active];
    if (it && it.state === 'going') start(it);
  });

  // Wires file input `id`: files chosen (or dropped on element opts.drop) go up with `ticket`,
  // the server's sealed permission for this input. Binding again (the input re-rendered) takes
  // the new ticket; transfers going on keep theirs.
  function bind(id, ticket, opts) {
    const el = qi(id), o = opts || {};
    if (!el) return;
    const first = !el.n2oFtp;
    el.n2oFtp = { ticket, max: o.max || null, drop: o.drop || null };
    if (first) {
      el.addEventListener('change', () => {
        add(el, el.files);
        el.value = ''; // choosing the same file again is a new transfer
      });
    }
    const zone = o.drop && qi(o.drop);
    if (zone && !zone.n2oFtp) {
      zone.n2oFtp = true;
      const over = (on) => (e) => {
        e.preventDefault();
        zone.classList.toggle('n2o-ftp-over', on);
      };
      zone.addEventListener('dragenter', over(true));
      zone.addEventListener('dragover', over(true));
      zone.addEventListener('dragleave', over(false));
      zone.addEventListener('drop', (e) => {
        over(false)(e);
        const input = qi(id); // the input as it is now: it may have been rendered again
        if (input && input.n2oFtp && e.dataTransfer) add(input, e.dataTransfer.files);
      });
    }
  }

  N2O.protos.push($ftp);
  N2O.ftp = { bind, add, stop, items, uuid };
})(globalThis);
