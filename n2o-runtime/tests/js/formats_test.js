// formats_test.js: n2o.js reads the WAMP and JSON object text frames the Rust formatters write
// and runs them like {io, ...}. The frames come from the file named on the command line.
'use strict';
const assert = require('assert');
const fs = require('fs');
const { check, done } = require('./harness');
const { load, clock, FakeWebSocket, makeDocument, captureConsole } = require('./fake');

clock.install();
const logs = captureConsole();
const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

for (const c of cases) {
  check(c.name, () => {
    clock.reset();
    FakeWebSocket.all = [];
    logs.length = 0;
    globalThis.location = { protocol: 'http:', host: 'h', pathname: '/', search: '' };
    globalThis.WebSocket = FakeWebSocket;
    makeDocument();
    load('bert.js', 'n2o.js');
    globalThis.got = undefined;
    const hooked = [];
    $io.do = (d) => hooked.push(json_enc(d));
    N2O_start({ token: 't' });
    const s = FakeWebSocket.all[FakeWebSocket.all.length - 1];
    s.open();
    s.recv(c.frame);
    assert.strictEqual(globalThis.got, c.got, 'eval ran');
    const errors = document.events.filter((e) => e.type === 'n2o:error').map((e) => e.detail.message);
    assert.deepStrictEqual(errors, c.error === null ? [] : [c.error]);
    assert.deepStrictEqual(hooked, c.hook === null ? [] : [c.hook]);
    assert.strictEqual(document.events.filter((e) => e.type === 'n2o:init').length, 1);
  });
}
check('a file of cases was given', () => assert.ok(cases.length >= 8, String(cases.length)));
done();
