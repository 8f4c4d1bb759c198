// games.js: the Connect Four page: draws the lobby and the board from the server's typed
// pushes ({server, Said}) and sends typed moves ({client, Move}) with N2O.client.
(() => {
  const WHY = {
    no_such_table: 'That table is closed.',
    table_full: 'That table is full: watch it instead.',
    already_seated: 'You already sit at a table: leave it first.',
    not_a_player: 'You do not play at that table.',
    not_started: 'Wait for a second player.',
    not_your_turn: 'It is not your turn.',
    out_of_range: 'There is no such column.',
    column_full: 'That column is full.',
    game_over: 'The game is over.',
    game_on: 'The game is still on.',
    busy: 'The table is busy: try again.',
  };
  const NAME = { red: 'Red', yellow: 'Yellow' };
  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  // Where this page is: the table it shows, its disc there (null: watching), the view drawn.
  const me = { table: null, disc: null, view: null, tables: [] };
  let noteTimer = 0;
  const send = (move) => N2O.client(move);

  function note(text) {
    const n = $('note');
    n.textContent = text;
    n.hidden = false;
    clearTimeout(noteTimer);
    noteTimer = setTimeout(() => { n.hidden = true; }, 2500);
  }

  function statusText(v) {
    const s = v.status;
    if (s === 'waiting') return 'Waiting for a second player…';
    if (s === 'draw') return 'A draw: the board is full.';
    if (s.won) return (s.won.winner === me.disc ? 'You win!' : NAME[s.won.winner] + ' wins!');
    if (s.forfeit) return NAME[s.forfeit.winner] + ' wins: the other player left.';
    if (me.disc) return v.turn === me.disc ? 'Your turn: pick a column.' : 'Waiting for ' + NAME[v.turn] + '…';
    return NAME[v.turn] + ' to play.';
  }

  function lobby(tables) {
    me.tables = tables;
    const ul = $('tables');
    ul.replaceChildren();
    for (const t of tables) {
      const li = el('li', t.table === me.table ? 'mine' : '');
      li.dataset.table = t.table;
      const what = el('span', 'what', 'Table ' + t.table);
      const s = t.status;
      const state = s === 'waiting' ? 'waiting for a player' : s === 'playing' ? 'playing' : 'game over';
      what.append(el('small', '', state + ' · ' + t.players + '/2 · ' + t.spectators + ' watching'));
      li.append(what);
      if (s === 'waiting' && t.players < 2) li.append(button('join', 'Join', t.table));
      li.append(button('watch', 'Watch', t.table, 'ghost'));
      ul.append(li);
    }
    $('empty').hidden = tables.length > 0;
  }

  function button(act, text, table, cls) {
    const b = el('button', cls || '', text);
    b.type = 'button';
    b.dataset.act = act;
    b.dataset.table = table;
    return b;
  }

  function show(atTable) {
    $('table').hidden = !atTable;
    $('welcome').hidden = atTable;
  }

  function draw(v) {
    // A view can overtake the one a table sent when this page sat down: keep the newest.
    const old = me.view;
    if (old && old.table === v.table && (old.game > v.game || (old.game === v.game && old.moves > v.moves))) return;
    me.view = v;
    $('title').textContent = 'Table ' + v.table;
    const players = $('players');
    players.replaceChildren();
    for (const p of v.players) {
      const cls = ['player', p.disc];
      const winner = (v.status.won || v.status.forfeit || {}).winner;
      if ((v.status === 'playing' && v.turn === p.disc) || winner === p.disc) cls.push('turn');
      if (!p.online) cls.push('off');
      if (p.disc === me.disc) cls.push('you');
      const label = NAME[p.disc] + (p.seated ? (p.online ? '' : ' (away)') : ' (free)');
      players.append(el('span', cls.join(' '), label));
    }
    if (v.spectators) players.append(el('span', 'muted', v.spectators + ' watching'));
    const win = new Set((v.status.won ? v.status.won.line : []).map(([r, c]) => r + ',' + c));
    const last = v.last ? v.last.join(',') : '';
    const board = $('board');
    board.replaceChildren();
    board.classList.toggle('mine', !!me.disc && v.status === 'playing' && v.turn === me.disc);
    for (let c = 0; c < 7; c++) {
      const col = el('div', 'col');
      col.dataset.col = c;
      for (let r = 0; r < 6; r++) {
        const cell = el('div', 'cell');
        const ch = v.rows[r][c];
        if (ch !== '.') {
          const d = el('div', 'disc ' + (ch === 'R' ? 'red' : 'yellow'));
          const key = r + ',' + c;
          if (key === last && old && old.moves < v.moves) {
            d.classList.add('drop');
            d.style.setProperty('--row', r);
          }
          if (win.has(key)) d.classList.add('win');
          cell.append(d);
        }
        col.append(cell);
      }
      board.append(col);
    }
    const status = $('status');
    status.textContent = statusText(v);
    status.className = v.status.won || v.status.forfeit ? 'won' : '';
    $('again').hidden = !(me.disc && (v.status.won || v.status.forfeit || v.status === 'draw'));
  }

  function leaveView() {
    me.table = null; me.disc = null; me.view = null;
    show(false);
    lobby(me.tables);
  }

  const on = {
    lobby: (m) => lobby(m.tables),
    seated: (m) => {
      if (me.table !== m.table) me.view = null;
      me.table = m.table; me.disc = m.disc;
      show(true);
      lobby(me.tables);
    },
    board: (v) => { if (v.table === me.table) draw(v); },
    refused: (m) => note(WHY[m.why] || m.why),
    left: (m) => { if (m.table === me.table) leaveView(); },
    closed: (m) => { if (m.table === me.table) { leaveView(); note('The table was abandoned and closed.'); } },
  };
  document.addEventListener('n2o:server', (e) => {
    const m = e.detail;
    for (const k in on) if (m && m[k] !== undefined) return on[k](m[k]);
  });
  document.addEventListener('n2o:open', () => $('link').classList.add('open'));
  document.addEventListener('n2o:close', () => $('link').classList.remove('open'));
  document.addEventListener('n2o:error', (e) => note(e.detail.message));

  document.addEventListener('click', (e) => {
    const b = e.target.closest('button, .col');
    if (!b) return;
    if (b.id === 'create') return send('Create');
    if (b.id === 'leave' && me.table !== null) return send({ Leave: { table: me.table } });
    if (b.id === 'again' && me.table !== null) return send({ Again: { table: me.table } });
    const table = Number(b.dataset.table);
    if (b.dataset.act === 'join') return send({ Join: { table } });
    if (b.dataset.act === 'watch') return send({ Watch: { table } });
    if (b.classList.contains('col') && me.disc && me.table !== null) {
      send({ Play: { table: me.table, col: Number(b.dataset.col) } });
    }
  });
})();
