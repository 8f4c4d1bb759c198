// n2o.js: the N2O client core: DOM helpers, one WebSocket with heartbeat and reconnect, the message
// loop. Needs bert.js. The globals keep N2O's names (qi, ws, $io, N2O_start, ...) because the
// JavaScript the server sends calls them.
(function (g) {
  'use strict';

  function qi(id) { return document.getElementById(id); }
  function qs(sel) { return document.querySelector(sel); }
  function qa(sel) { return Array.from(document.querySelectorAll(sel)); }
  function qn(tag) { return document.createElement(tag); }

  // A cookie's raw value, or null.
  function co(name) {
    for (const c of document.cookie ? document.cookie.split(/; */) : []) {
      const k = c.indexOf('=');
      if (c.slice(0, k) === name) return c.slice(k + 1);
    }
    return null;
  }

  // Is x the tuple {name, ...} of arity n?
  function is(x, n, name) {
    return !!x && x.t === 104 && x.v.length === n && (name === undefined || (x.v[0].t === 100 && x.v[0].v === name));
  }

  // Text of a binary, string, atom or iolist term (or of a JS string).
  function text(x) {
    if (x == null) return '';
    if (typeof x === 'string') return x;
    if (x.t === 109 || x.t === 107) return typeof x.v === 'string' ? x.v : utf8_dec(x.v);
    if (x.t === 100) return x.v;
    if (x.t === 106) return '';
    if (x.t === 108) return x.v.map(text).join('');
    return json_enc(x);
  }

  const N2O = {
    state: 'closed', // 'connecting' | 'open' | 'closed'
    protos: [], // tried in order on each incoming term: {on(term) -> true when it claims the term}
    opts: { token: '', format: 'bert' },
    queue: [], // what ws.send got while the socket was not open, sent on the next open
    maxQueue: 1000,
    attempt: 0, // reconnects since the last init reply: the backoff exponent

    // Switches this client's outbound encoding, and tells the server to switch its own.
    format(name) {
      if (name !== 'bert' && name !== 'json') throw new Error('n2o: unknown format ' + name);
      N2O.opts.format = name;
      if (N2O.state === 'open') sock.send('FORMAT,' + name);
    },
  };

  let sock = null, beat = null, dog = null, retry = null, inited = false, seen = 0;
  const now = () => performance.now();

  function emit(name, detail) {
    try { document.dispatchEvent(new CustomEvent(name, { detail })); } catch (e) { /* no DOM events here */ }
  }

  function report(message, error) {
    console.error('n2o:', message);
    emit('n2o:error', { message, error });
  }

  // Connects to ws[s]://host/ws<path>. opts: {token, path, format: 'bert'|'json', heartbeat (ms),
  // maxDelay (ms, reconnect backoff cap), baseDelay (ms, first backoff step), build (the
  // server's build id: a reconnect to another build reloads the page)}.
  function N2O_start(o) {
    o = o || {};
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', () => N2O_start(o));
      return;
    }
    const path = o.path || location.pathname + location.search;
    N2O.opts = {
      token: o.token || '',
      path: path[0] === '/' ? path : '/' + path,
      format: o.format || 'bert',
      heartbeat: o.heartbeat || 4000,
      maxDelay: o.maxDelay || 30000,
      baseDelay: o.baseDelay || 250,
      build: o.build || '',
    };
    N2O.opened = false;
    N2O.attempt = 0;
    connect();
  }

  function connect() {
    clearTimeout(retry);
    halt();
    const o = N2O.opts;
    let s;
    N2O.state = 'connecting';
    try {
      s = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws' + o.path);
    } catch (e) {
      report('cannot open a WebSocket: ' + e.message, e);
      return lost(0, 'no socket');
    }
    sock = s;
    s.binaryType = 'arraybuffer';
    s.onopen = () => {
      if (s !== sock) return;
      N2O.state = 'open';
      inited = false;
      s.send('N2O,' + o.token);
      if (o.format !== 'bert') s.send('FORMAT,' + o.format); // BERT is the server's default
      clearTimeout(dog);
      dog = null;
      seen = now();
      beat = setInterval(ping, o.heartbeat);
      flush();
      if (N2O.opened) checkBuild();
      N2O.opened = true;
      emit('n2o:open');
    };
    s.onmessage = (e) => {
      if (s !== sock) return;
      seen = now();
      clearTimeout(dog);
      dog = null;
      recv(e.data);
    };
    s.onclose = (e) => { if (s === sock) lost(e.code, e.reason); };
    s.onerror = () => { if (s === sock) emit('n2o:error', { message: 'socket error' }); };
    watch(2.5 * o.heartbeat); // a connect that hangs is given up too
  }

  // Back after a disconnect: if the server is another build now (a rebuild under `cargo
  // watch`, a deploy), this page's HTML and wiring are the old build's; load the new ones.
  function checkBuild() {
    const mine = N2O.opts.build;
    if (!mine || typeof fetch !== 'function') return;
    fetch('/n2o/build', { cache: 'no-store' })
      .then((r) => (r.ok ? r.text() : null))
      .then((theirs) => {
        if (theirs && theirs !== mine) {
          emit('n2o:reload', { from: mine, to: theirs });
          location.reload();
        }
      })
      .catch(() => { /* the next reconnect asks again */ });
  }

  // The link is gone, even if the browser has not noticed (sleeping laptop, dropped NAT entry),
  // when nothing at all arrived for 2.5 beats while a PING was waiting for 1.5 beats. Silence
  // counts only while a PING is out: a hidden tab's timers may fire once a minute, and the
  // server speaks only when spoken to.
  function ping() {
    sock.send('PING');
    const hb = N2O.opts.heartbeat;
    if (!dog) watch(Math.max(1.5 * hb, seen + 2.5 * hb - now()));
  }

  function watch(ms) {
    clearTimeout(dog);
    dog = setTimeout(() => lost(4000, 'no reply'), ms);
  }

  // Forgets the current socket: timers stopped, handlers detached (late events are ignored), closed.
  function halt() {
    clearInterval(beat);
    clearTimeout(dog);
    dog = null;
    const s = sock;
    sock = null;
    if (s) {
      s.onopen = s.onmessage = s.onclose = s.onerror = null;
      try { s.close(); } catch (e) { /* already closed */ }
    }
  }

  // The link is gone (code: the socket's close code; 4000: silent link; 0: no socket): reconnect
  // after an exponential backoff with "equal jitter" (between half the step and the step), so
  // tabs that lost the same server do not come back all at once.
  function lost(code, reason) {
    halt();
    N2O.state = 'closed';
    const o = N2O.opts, step = Math.min(o.maxDelay, o.baseDelay * Math.pow(2, N2O.attempt++)),
      delay = Math.round(step / 2 + (Math.random() * step) / 2);
    retry = setTimeout(connect, delay);
    emit('n2o:close', { code, reason, delay });
  }

  function frame(x) {
    if (typeof x === 'string' || x instanceof ArrayBuffer || ArrayBuffer.isView(x)) return x;
    return N2O.opts.format === 'json' ? json_enc(x) : enc(x);
  }

  function flush() {
    for (const x of N2O.queue.splice(0)) {
      try { sock.send(frame(x)); } catch (e) { report('cannot send: ' + e.message, e); }
    }
  }

  function recv(d) {
    let t;
    try {
      if (typeof d === 'string') {
        // PONG: heartbeat ack; '': NOP; 'FORMAT,...': format switch ack; '{"t":...}': a JSON
        // term; '[...]': WAMP; '{"name":...}': JSON object. TEXT and XML are not read here.
        if (d === 'PONG') return emit('n2o:pong');
        if (d[0] !== '{' && d[0] !== '[') return;
        const o = JSON.parse(d);
        t = Array.isArray(o) ? nat(o, 1, 0, 0) : o && 't' in o ? json_dec(o) : nat(o, 0, 0, 0);
      } else {
        if (!d.byteLength) return; // binary NOP
        t = dec(d);
      }
    } catch (e) {
      return report('bad frame: ' + e.message, e);
    }
    try {
      for (const p of N2O.protos) if (p.on(t)) return;
    } catch (e) {
      report(e.message, e);
    }
  }

  // A term from the natural JSON of the WAMP (w) and JSON object formatters: strings are binaries
  // (atoms at the head h of a WAMP array), WAMP arrays tuples, other arrays lists, {name,eval,data}
  // and {name,args} tagged tuples, other objects maps with binary keys, null undefined.
  function nat(o, w, h, d) {
    if (d > 1000) throw new Error('json: nested deeper than 1000');
    if (o === null) return atom('undefined');
    if (typeof o === 'boolean') return atom(o);
    if (typeof o === 'number') return number(o);
    if (typeof o === 'string') return h ? atom(o) : bin(o);
    const f = (x, i) => nat(x, w, w && !i, d + 1), k = Object.keys(o);
    if (Array.isArray(o)) return w ? tuple(...o.map(f)) : o.length ? list(...o.map(f)) : nil();
    if (!w && typeof o.name === 'string') {
      if (o.name === 'io' && k.length === 3 && 'eval' in o && 'data' in o) return tuple(atom('io'), f(o.eval, 1), f(o.data, 1));
      if (k.length === 2 && Array.isArray(o.args)) return tuple(atom(o.name), ...o.args.map((x) => f(x, 1)));
    }
    return map(...k.map((x) => ({ k: bin(x), v: f(o[x], 1) })));
  }

  // {io, Eval, Data}: run Eval as global code, then look at Data.
  const $io = {
    on(t) {
      if (!is(t, 3, 'io')) return false;
      const js = text(t.v[1]), d = t.v[2], first = !inited;
      inited = true;
      if (first) N2O.attempt = 0; // the server answered init: the next loss starts the backoff over
      try {
        if (js) {
          try { (0, eval)(js); } catch (e) { report('eval: ' + e.message, e); }
        }
        if (is(d, 2, 'error')) report(text(d.v[1]), d);
        else if (is(d, 2, 'Token') || is(d, 2, 'Auth')) N2O.opts.token = text(d.v[1]); // for reconnects
        else if (!((d.t === 109 || d.t === 107) && !d.v.length) && $io.do) $io.do(d);
      } finally {
        if (first) emit('n2o:init');
      }
      return true;
    },
    do: null, // hook: called with any Data that is not <<>> and not {error, Msg}
  };
  N2O.protos.push($io);

  // ---- the SPA protocol: typed messages as plain objects, read and written as serde_json does ----
  // term -> JS: maps objects (keys as text), binaries, charlists and atoms strings (true/false
  // booleans, undefined/nil null), lists arrays, numbers numbers (BigInt past 2^53), {Tag, V}
  // with an atom Tag {Tag: V} and {Tag, A, B..} {Tag: [A, B..]} (enum variants), other tuples arrays.
  function plain(x, d) {
    if (d > 1000) throw new Error('n2o: term nested deeper than 1000');
    const v = x.v, f = (e) => plain(e, d + 1);
    switch (x.t) {
      case 70: case 97: case 98: return v;
      case 110: case 111: return typeof v === 'bigint' || typeof v === 'number' ? v : BigInt(v);
      case 100: case 115: case 118: case 119:
        return v === 'true' ? true : v === 'false' ? false : v === 'undefined' || v === 'nil' ? null : v;
      case 107: case 109: return typeof v === 'string' ? v : utf8_dec(v);
      case 106: return [];
      case 108: return v.map(f);
      case 104: case 105:
        if (v.length > 1 && v[0].t === 100 && typeof plain(v[0], d) === 'string') {
          return { [v[0].v]: v.length === 2 ? f(v[1]) : v.slice(1).map(f) };
        }
        return v.map(f);
      case 116: {
        const o = {};
        for (const p of v) o[text(p.k)] = f(p.v);
        return o;
      }
    }
    throw new Error('n2o: no JS value for term type ' + x.t);
  }

  // JS -> term, the inverse: null/undefined the atom undefined, booleans atoms, numbers numbers,
  // strings binaries, arrays lists, objects maps with binary keys; the server reads {Tag: V}
  // into an enum variant.
  function termOf(o, d) {
    if (d > 1000) throw new Error('n2o: value nested deeper than 1000 (a cycle?)');
    if (o == null) return atom('undefined');
    if (typeof o === 'boolean') return atom(o);
    if (typeof o === 'number' || typeof o === 'bigint') return number(o);
    if (typeof o === 'string') return bin(o);
    if (Array.isArray(o)) return o.length ? list(...o.map((e) => termOf(e, d + 1))) : nil();
    if (typeof o === 'object') return map(...Object.keys(o).map((k) => ({ k: bin(k), v: termOf(o[k], d + 1) })));
    throw new Error('n2o: cannot send a ' + typeof o);
  }

  // {server, T}: T as a plain object to every N2O.onServer callback and as an n2o:server event.
  const servers = [];
  const $server = {
    on(t) {
      if (!is(t, 2, 'server')) return false;
      const v = plain(t.v[1], 0);
      for (const fn of servers.slice()) {
        try { fn(v); } catch (e) { report('onServer: ' + e.message, e); }
      }
      emit('n2o:server', v);
      return true;
    },
  };
  N2O.protos.push($server);
  Object.assign(N2O, {
    // Calls fn with each server push; returns a function that stops it.
    onServer(fn) {
      servers.push(fn);
      return () => { const k = servers.indexOf(fn); if (k >= 0) servers.splice(k, 1); };
    },
    // Sends {client, T}, T from a plain value (see termOf); false when the send queue is full.
    client(value) { return ws.send(tuple(atom('client'), termOf(value, 0))); },
    plain,
    termOf,
  });

  // The socket as server-generated JS sees it: ws.send(term | bytes | text). Terms go out in the
  // current format. While the socket is not open, sends wait in a bounded queue; when it is full
  // the new message is dropped (and false returned), so what gets through is an in-order prefix.
  const ws = {
    send(x) {
      if (N2O.state === 'open') {
        sock.send(frame(x));
        return true;
      }
      if (N2O.queue.length >= N2O.maxQueue) {
        console.warn('n2o: send queue full, message dropped');
        return false;
      }
      N2O.queue.push(x);
      return true;
    },
  };

  Object.assign(g, { qi, qs, qa, qn, co, is, N2O, N2O_start, ws, $io });
})(globalThis);
