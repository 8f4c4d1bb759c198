// nitro.js: NITRO's side of events: reading `source` fields into terms, validating them, and the
// {pickle, Source, Pickled, Linked} message. Needs bert.js and n2o.js.
(function (g) {
  'use strict';

  // The raw JS value of a source field:
  //   no element with that id  -> value of the checked input[name=id] (a radio group), or ''
  //   FIELDSET                 -> value of its checked descendant, or ''
  //   checkbox                 -> true | false (a flag)
  //   radio                    -> its value when checked, else '' (one choice of a group)
  //   date input               -> a Date (local midnight), or '' when empty
  //   SELECT multiple          -> array of the selected values
  //   contenteditable          -> its innerHTML
  //   anything else            -> its value (textContent for elements without one)
  function querySourceRaw(id) {
    const el = document.getElementById(id);
    if (!el) {
      const c = document.querySelector('input[name="' + String(id).replace(/["\\]/g, '\\$&') + '"]:checked');
      return c ? c.value : '';
    }
    switch (el.tagName) {
      case 'FIELDSET': {
        const c = el.querySelector(':checked');
        return c ? c.value : '';
      }
      case 'SELECT':
        if (el.multiple) return Array.from(el.options).filter((o) => o.selected).map((o) => o.value);
        break;
      case 'INPUT':
        if (el.type === 'checkbox') return !!el.checked;
        if (el.type === 'radio') return el.checked ? el.value : '';
        if (el.type === 'date') {
          const m = /^(\d{4,})-(\d\d)-(\d\d)$/.exec(el.value);
          if (!m) return el.value;
          const d = new Date(2000, 0, 1, 12); // noon: no DST gap; setFullYear: no 2-digit year quirk
          d.setFullYear(+m[1], m[2] - 1, +m[3]);
          d.setHours(0, 0, 0, 0);
          return d;
        }
    }
    if (el.contentEditable === 'true') return el.innerHTML;
    return el.value !== undefined ? el.value : el.textContent || '';
  }

  // A raw value as the term the server reads: Date -> {Y,M,D}, boolean -> true|false atom,
  // array -> list of binaries, anything else -> UTF-8 binary.
  function toTerm(v) {
    if (v instanceof Date) return tuple(number(v.getFullYear()), number(v.getMonth() + 1), number(v.getDate()));
    if (typeof v === 'boolean') return atom(String(v));
    if (Array.isArray(v)) return list(...v.map(toTerm));
    return bin(v == null ? '' : String(v));
  }

  function querySource(id) { return toTerm(querySourceRaw(id)); }

  // True when every source is valid. A source is invalid when its value does not match its
  // data-validate regular expression (whole value), when the browser's constraint validation
  // (required, pattern, min, ...) fails, or when a listener of its cancelable 'validation' event
  // (detail: the raw value) calls preventDefault(). Invalid fields get aria-invalid="true".
  function validateSources(ids) {
    let ok = true;
    for (const id of ids || []) {
      const el = document.getElementById(id);
      if (!el) continue;
      const v = querySourceRaw(id), re = el.getAttribute('data-validate');
      const bad = (re !== null && !new RegExp('^(?:' + re + ')$').test(typeof v === 'string' ? v : String(v))) ||
        (typeof el.checkValidity === 'function' && !el.checkValidity()) ||
        !el.dispatchEvent(new CustomEvent('validation', { detail: v, cancelable: true }));
      if (bad) el.setAttribute('aria-invalid', 'true');
      else el.removeAttribute('aria-invalid');
      ok = ok && !bad;
    }
    return ok;
  }

  // What a generated event binding calls: validate the sources, then send
  // {pickle, <<Source>>, <<Pickled>>, [{{"Source", <<"detail">>}, []}, {id, Value}, ...]}.
  // Returns false (and sends nothing) when validation fails.
  N2O.pickle = function (source, pickled, ids) {
    ids = ids || [];
    if (!validateSources(ids)) {
      console.warn('n2o: validation failed, event not sent');
      return false;
    }
    const linked = [tuple(tuple(string(source), bin('detail')), nil())];
    for (const id of ids) linked.push(tuple(atom(id), querySource(id)));
    return ws.send(tuple(atom('pickle'), bin(source), bin(pickled), list(...linked)));
  };

  // {direct, Term}: an event with no pickle; the page handles it only if it accepts direct events.
  function direct(term) { return ws.send(tuple(atom('direct'), term)); }

  Object.assign(g, { querySourceRaw, querySource, validateSources, direct });
})(globalThis);
