// nitro_test.js: src/client/nitro.js over a small fake DOM: querySource for each kind of field,
// validation, and the exact bytes of the {pickle, ...} message.
'use strict';
const assert = require('assert'), fs = require('fs'), path = require('path');
const { check, done } = require('./harness');
const { load, clock, FakeWebSocket, makeDocument, captureConsole, El } = require('./fake');

clock.install();
const logs = captureConsole();
globalThis.location = { protocol: 'http:', host: 'localhost', pathname: '/', search: '' };
globalThis.WebSocket = FakeWebSocket;

const opt = (value, selected = false) => new El('option', { value, selected });
function page() {
  makeDocument(
    new El('input', { id: 'message', type: 'text', value: 'hi' }),
    new El('textarea', { id: 'bio', value: 'two\nlines \u00e9 \u{1f600}' }),
    new El('input', { id: 'agree', type: 'checkbox', value: 'on', checked: true }),
    new El('input', { id: 'spam', type: 'checkbox', value: 'on', checked: false }),
    new El('input', { id: 'r1', type: 'radio', name: 'pick', value: 'one', checked: true }),
    new El('input', { id: 'r2', type: 'radio', name: 'pick', value: 'two', checked: false }),
    new El('input', { type: 'radio', name: 'color', value: 'red', checked: false }),
    new El('input', { type: 'radio', name: 'color', value: 'green', checked: true }),
    new El('input', { type: 'radio', name: 'say "hi"', value: 'quoted', checked: true }),
    new El('fieldset', { id: 'size' },
      new El('input', { type: 'radio', name: 's', value: 's', checked: false }),
      new El('input', { type: 'radio', name: 's', value: 'm', checked: true })),
    new El('fieldset', { id: 'empty_set' }, new El('input', { type: 'radio', name: 'e', value: 'x', checked: false })),
    new El('select', { id: 'lang', value: 'rust', options: [opt('erlang'), opt('rust', true)] }),
    new El('select', { id: 'tags', multiple: true, options: [opt('a', true), opt('b'), opt('c', true)] }),
    new El('select', { id: 'none', multiple: true, options: [opt('a'), opt('b')] }),
    new El('div', { id: 'editor', contentEditable: 'true', innerHTML: '<b>x</b> &amp;', textContent: 'x &' }),
    new El('input', { id: 'day', type: 'date', value: '2024-02-29' }),
    new El('input', { id: 'old', type: 'date', value: '0050-01-02' }),
    new El('input', { id: 'noday', type: 'date', value: '' }),
    new El('div', { id: 'panel', textContent: 'panel text' }),
    new El('input', { id: 'age', type: 'number', value: 'abc', 'data-validate': '\\d+' }),
    new El('input', { id: 'req', type: 'text', value: '', checkValidity: () => false }),
  );
  load('bert.js', 'n2o.js', 'nitro.js');
}
const bytes = (t) => Array.from(enc(t));
const sameTerm = (id, t) => assert.deepStrictEqual(bytes(querySource(id)), bytes(t), id);

check('text input and textarea give UTF-8 binaries', () => {
  page();
  sameTerm('message', bin('hi'));
  sameTerm('bio', bin('two\nlines \u00e9 \u{1f600}'));
  assert.strictEqual(querySource('bio').t, 109);
});
check('checkboxes give the atoms true and false', () => {
  page();
  assert.strictEqual(querySourceRaw('agree'), true);
  sameTerm('agree', atom('true'));
  sameTerm('spam', atom('false'));
});
check('a radio gives its value when checked, else an empty binary', () => {
  page();
  sameTerm('r1', bin('one'));
  sameTerm('r2', bin(''));
});
check('an id that is no element reads the checked radio of that name', () => {
  page();
  sameTerm('color', bin('green'));
  sameTerm('say "hi"', bin('quoted'));
  sameTerm('nothing', bin(''));
});
check('a fieldset gives its checked descendant, or empty', () => {
  page();
  sameTerm('size', bin('m'));
  sameTerm('empty_set', bin(''));
});
check('selects: single gives the value, multiple a list of binaries', () => {
  page();
  sameTerm('lang', bin('rust'));
  assert.deepStrictEqual(querySourceRaw('tags'), ['a', 'c']);
  sameTerm('tags', list(bin('a'), bin('c')));
  assert.deepStrictEqual(bytes(querySource('none')), [131, 106]);
});
check('contenteditable gives innerHTML; other elements their text', () => {
  page();
  sameTerm('editor', bin('<b>x</b> &amp;'));
  sameTerm('panel', bin('panel text'));
});
check('date inputs give {Y,M,D}, or an empty binary', () => {
  page();
  assert.ok(querySourceRaw('day') instanceof Date);
  sameTerm('day', tuple(number(2024), number(2), number(29)));
  assert.deepStrictEqual(bytes(querySource('day')), [131, 104, 3, 98, 0, 0, 7, 232, 97, 2, 97, 29]);
  sameTerm('old', tuple(number(50), number(1), number(2)));
  sameTerm('noday', bin(''));
});

check('validateSources: data-validate, constraint validation and validation listeners', () => {
  page();
  assert.strictEqual(validateSources([]), true);
  assert.strictEqual(validateSources(['message', 'nothing']), true);
  assert.strictEqual(validateSources(['age']), false);
  assert.strictEqual(qi('age').getAttribute('aria-invalid'), 'true');
  qi('age').value = '42';
  assert.strictEqual(validateSources(['age']), true);
  assert.strictEqual(qi('age').getAttribute('aria-invalid'), null);
  qi('age').value = '42x';
  assert.strictEqual(validateSources(['age']), false, 'the whole value must match');
  assert.strictEqual(validateSources(['req']), false);
  const seen = [];
  qi('message').addEventListener('validation', (e) => { seen.push(e.detail); if (e.detail === 'bad') e.preventDefault(); });
  assert.strictEqual(validateSources(['message']), true);
  qi('message').value = 'bad';
  assert.strictEqual(validateSources(['message', 'bio']), false);
  assert.deepStrictEqual(seen, ['hi', 'bad']);
  assert.strictEqual(qi('bio').getAttribute('aria-invalid'), null);
});

// {pickle,<<"send">>,<<"g2g">>,[{{"send",<<"detail">>},[]},{message,<<"hi">>}]}
const PICKLE = [131, 104, 4, 100, 0, 6, 112, 105, 99, 107, 108, 101, 109, 0, 0, 0, 4, 115, 101, 110, 100,
  109, 0, 0, 0, 3, 103, 50, 103, 108, 0, 0, 0, 2, 104, 2, 104, 2, 107, 0, 4, 115, 101, 110, 100,
  109, 0, 0, 0, 6, 100, 101, 116, 97, 105, 108, 106, 104, 2, 100, 0, 7, 109, 101, 115, 115, 97,
  103, 101, 109, 0, 0, 0, 2, 104, 105, 106];

function openSocket() {
  FakeWebSocket.all = [];
  N2O_start({ token: 'tok' });
  const s = FakeWebSocket.all[0];
  s.open();
  return s;
}

check('N2O.pickle sends the exact NITRO pickle message', () => {
  page();
  const s = openSocket();
  assert.strictEqual(N2O.pickle('send', 'g2g', ['message']), true);
  assert.strictEqual(s.sent.length, 2);
  assert.deepStrictEqual(Array.from(s.sent[1]), PICKLE);
  const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'vectors', 'bert.json'), 'utf8'));
  assert.deepStrictEqual(vectors.find((v) => v.name === 'pickle_event').bert, PICKLE);
});
check('N2O.pickle with several sources, no sources, and the generated-code spelling', () => {
  page();
  const s = openSocket();
  N2O.pickle('btn', 'P', ['agree', 'day', 'tags']);
  const expect = tuple(atom('pickle'), bin('btn'), bin('P'), list(
    tuple(tuple(string('btn'), bin('detail')), nil()),
    tuple(atom('agree'), atom('true')),
    tuple(atom('day'), tuple(number(2024), number(2), number(29))),
    tuple(atom('tags'), list(bin('a'), bin('c')))));
  assert.deepStrictEqual(Array.from(s.sent[1]), bytes(expect));
  N2O.pickle('btn', 'P');
  assert.deepStrictEqual(Array.from(s.sent[2]),
    bytes(tuple(atom('pickle'), bin('btn'), bin('P'), list(tuple(tuple(string('btn'), bin('detail')), nil())))));
  // what NITRO's action_event emits: a JS array for Linked, enc() by hand
  ws.send(enc(tuple(atom('pickle'), bin('send'), bin('g2g'),
    [tuple(tuple(utf8_toByteArray('send'), bin('detail')), []), tuple(atom('message'), querySource('message'))])));
  assert.deepStrictEqual(Array.from(s.sent[3]), PICKLE);
});
check('N2O.pickle sends nothing when validation fails', () => {
  page();
  const s = openSocket();
  assert.strictEqual(N2O.pickle('send', 'g2g', ['message', 'age']), false);
  assert.deepStrictEqual(s.sent, ['N2O,tok']);
  assert.ok(logs.some((l) => l[0] === 'warn'));
});
check('N2O.pickle in JSON format and while closed', () => {
  page();
  N2O.pickle('send', 'g2g', ['message']); // queued: no socket yet
  const s = openSocket();
  assert.deepStrictEqual(Array.from(s.sent[1]), PICKLE);
  N2O.format('json');
  N2O.pickle('send', 'g2g', ['message']);
  assert.deepStrictEqual(json_dec(s.sent[3]), json_dec(json_enc(dec(Uint8Array.from(PICKLE)))));
  assert.match(s.sent[3], /^\{"t":104,"v":\[\{"t":100,"v":"pickle"\},\{"t":109,"v":"send"\}/);
});
check('direct(term) sends {direct, Term}', () => {
  page();
  const s = openSocket();
  direct(tuple(atom('chat'), bin('hi')));
  assert.deepStrictEqual(Array.from(s.sent[1]), bytes(tuple(atom('direct'), tuple(atom('chat'), bin('hi')))));
});

done();
