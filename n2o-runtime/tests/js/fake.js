// fake.js: a browser stand-in for the node tests: a clock the test advances, a WebSocket the test
// drives, a DOM just big enough for n2o.js and nitro.js. Node 20 has no WebSocket and no DOM.
'use strict';
const fs = require('fs'), path = require('path'), vm = require('vm');

const clientDir = path.join(__dirname, '..', '..', 'src', 'client');

// Node 18 (Debian 12's nodejs) has Event but no global CustomEvent.
if (typeof globalThis.CustomEvent !== 'function') {
  globalThis.CustomEvent = class CustomEvent extends Event {
    constructor(type, init) {
      super(type, init);
      this.detail = init && init.detail !== undefined ? init.detail : null;
    }
  };
}

// Runs client files as classic browser scripts in this realm: their globals land on globalThis.
function load(...files) {
  for (const f of files) vm.runInThisContext(fs.readFileSync(path.join(clientDir, f), 'utf8'), { filename: f });
}

// ---- timers: nothing fires until tick() ----

const clock = {
  now: 0,
  seq: 0,
  timers: new Map(),
  intervalFloor: 0, // > 0: intervals fire at most this often, like a hidden tab's timers
  install() {
    globalThis.performance = { now: () => clock.now };
    globalThis.setTimeout = (fn, ms) => clock.add(fn, ms, 0);
    globalThis.setInterval = (fn, ms) => clock.add(fn, ms, Math.max(1, ms));
    globalThis.clearTimeout = globalThis.clearInterval = (id) => clock.timers.delete(id);
  },
  add(fn, ms, every) {
    clock.timers.set(++clock.seq, { at: clock.now + Math.max(0, Number(ms) || 0), fn, every });
    return clock.seq;
  },
  // Advances time by ms, firing due timers in time order (then creation order).
  tick(ms) {
    const end = clock.now + ms;
    for (;;) {
      let id = null, t = null;
      for (const [k, v] of clock.timers) if (v.at <= end && (!t || v.at < t.at)) { id = k; t = v; }
      if (!t) break;
      clock.now = t.at;
      if (t.every) t.at += Math.max(t.every, clock.intervalFloor);
      else clock.timers.delete(id);
      t.fn();
    }
    clock.now = end;
  },
  reset() { clock.now = 0; clock.timers.clear(); clock.intervalFloor = 0; },
};

// ---- WebSocket ----

class FakeWebSocket {
  constructor(url) {
    if (FakeWebSocket.refuse) throw new Error('SyntaxError: refused');
    this.url = url;
    this.sent = [];
    this.readyState = 0;
    this.closed = false;
    FakeWebSocket.all.push(this);
  }
  send(x) {
    if (this.readyState !== 1) throw new Error('InvalidStateError: send on a socket that is not open');
    this.sent.push(x);
  }
  close() { this.closed = true; this.readyState = 3; }
  // test side
  open() { this.readyState = 1; if (this.onopen) this.onopen({}); }
  recv(data) { if (this.onmessage) this.onmessage({ data }); }
  drop(code = 1006) { this.readyState = 3; if (this.onclose) this.onclose({ code, reason: 'dropped' }); }
}
FakeWebSocket.all = [];
FakeWebSocket.refuse = false;

// ---- DOM ----

class Target {
  constructor() { this.listeners = {}; }
  addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
  dispatchEvent(e) {
    for (const fn of this.listeners[e.type] || []) fn.call(this, e);
    return !e.defaultPrevented;
  }
}

class El extends Target {
  constructor(tag, props, ...children) {
    super();
    this.tagName = tag.toUpperCase();
    this.attrs = {};
    this.children = [];
    this.contentEditable = 'inherit';
    for (const [k, v] of Object.entries(props || {})) {
      if (k.startsWith('data-') || k === 'name' || k === 'aria-invalid') this.attrs[k] = String(v);
      if (!k.startsWith('data-')) this[k] = v;
    }
    this.append(...children);
  }
  append(...kids) { for (const k of kids) { k.parentNode = this; this.children.push(k); } return this; }
  getAttribute(k) { return k in this.attrs ? this.attrs[k] : null; }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  removeAttribute(k) { delete this.attrs[k]; }
  descendants() { return this.children.flatMap((c) => [c, ...c.descendants()]); }
  querySelectorAll(sel) { const m = matcher(sel); return this.descendants().filter(m); }
  querySelector(sel) { return this.querySelectorAll(sel)[0] || null; }
}

// Selectors made of a tag, #id, [attr="value"] and :checked, e.g. input[name="x"]:checked.
function matcher(sel) {
  const re = /([a-z]+)|#([\w-]+)|\[([\w-]+)=("(?:[^"\\]|\\.)*"|[\w-]*)\]|(:checked)/giy, tests = [];
  let m;
  while (re.lastIndex < sel.length && (m = re.exec(sel))) {
    if (m[1]) { const tag = m[1].toUpperCase(); tests.push((e) => e.tagName === tag); }
    if (m[2]) { const id = m[2]; tests.push((e) => e.id === id); }
    if (m[3]) {
      const k = m[3], v = m[4][0] === '"' ? m[4].slice(1, -1).replace(/\\(.)/g, '$1') : m[4];
      tests.push((e) => e.getAttribute(k) === v);
    }
    if (m[5]) tests.push((e) => e.checked === true || e.selected === true);
  }
  if (re.lastIndex !== sel.length || !tests.length) throw new Error('fake DOM cannot parse selector ' + sel);
  return (e) => tests.every((t) => t(e));
}

// A fresh document (with a body holding `children`) installed as globalThis.document.
function makeDocument(...children) {
  const doc = new Target();
  const body = new El('body', {}, ...children);
  Object.assign(doc, {
    readyState: 'complete',
    cookie: '',
    body,
    events: [],
    getElementById: (id) => body.descendants().find((e) => e.id === id) || null,
    querySelector: (sel) => body.querySelector(sel),
    querySelectorAll: (sel) => body.querySelectorAll(sel),
    createElement: (tag) => new El(tag),
  });
  const dispatch = doc.dispatchEvent.bind(doc);
  doc.dispatchEvent = (e) => { doc.events.push({ type: e.type, detail: e.detail }); return dispatch(e); };
  globalThis.document = doc;
  return doc;
}

// console.error/warn/log captured instead of printed; returns the captured calls.
function captureConsole() {
  const logs = [];
  for (const k of ['error', 'warn', 'log']) console[k] = (...args) => logs.push([k, ...args]);
  return logs;
}

module.exports = { load, clock, FakeWebSocket, El, makeDocument, captureConsole };
