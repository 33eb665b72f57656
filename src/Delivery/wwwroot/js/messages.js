// Message thread: live arrival over SignalR (/hubs/care), catch-up after reconnect, sending over the API, read receipts,
// and the draft kept in localStorage until the server has stored the message (the exercise autosave's rule: the browser
// copy goes only when the server confirms). Without JavaScript the form posts normally and the page shows everything.
(() => {
  const root = document.getElementById('thread');
  const form = document.getElementById('message-form');
  if (!root || !form || !window.fetch) return;
  const d = root.dataset;
  const enrollment = d.enrollment;
  const asPatient = d.side === 'patient';
  const list = root.querySelector('ol.messages');
  const live = document.getElementById('thread-live');
  const liveStatus = document.getElementById('live-status');
  const box = form.querySelector('textarea');
  const clientField = form.querySelector('input[name="ClientId"]');
  const status = form.querySelector('.save-status');
  const token = () => form.querySelector('input[name="__RequestVerificationToken"]')?.value ?? '';
  const draftKey = `cp:msg:${enrollment}:draft`;
  const clientKey = `cp:msg:${enrollment}:client`;
  const seen = new Set([...list.querySelectorAll('li[data-id]')].map((li) => Number(li.dataset.id)));
  let last = Math.max(0, ...seen);
  // Everything up to `complete` is shown: the page's own list, then the highest id a catch-up from the database
  // returned. A live event only raises `last`. After an outage of the bus between instances ("resync") this instance
  // kept delivering its own senders' messages while the other instance's were lost, so the gap lies below `last`:
  // catching up after `last` would skip it for good; catching up after `complete` cannot (a thread's ids commit in order).
  let complete = last;

  const newId = () => (crypto.randomUUID ? crypto.randomUUID()
    : ([1e7] + -1e3 + -4e3 + -8e3 + -1e11).replace(/[018]/g, (c) => (c ^ crypto.getRandomValues(new Uint8Array(1))[0] & 15 >> c / 4).toString(16)));
  const say = (text, state) => { status.textContent = text; status.dataset.state = state ?? ''; };
  const mine = (m) => m.fromPatient === asPatient;

  // The draft and the client id of the message being written survive reloads, so a resend is recognised as the same one.
  const storedClient = localStorage.getItem(clientKey);
  if (storedClient) clientField.value = storedClient;
  const draft = localStorage.getItem(draftKey);
  if (draft !== null && draft !== box.value && box.value === '') { box.value = draft; say(d.restored, 'restored'); }
  box.addEventListener('input', () => {
    if (box.value.trim() === '') { localStorage.removeItem(draftKey); return; }
    localStorage.setItem(draftKey, box.value);
    localStorage.setItem(clientKey, clientField.value);
  });

  function render(m) {
    const li = document.createElement('li');
    li.id = `message-${m.id}`;
    li.className = `message ${mine(m) ? 'mine' : 'theirs'}`;
    li.dataset.id = m.id;
    const meta = document.createElement('p');
    meta.className = 'meta';
    const sender = document.createElement('span');
    sender.className = 'sender';
    sender.textContent = mine(m) ? d.you : m.senderName;
    const time = document.createElement('time');
    time.dateTime = m.sentAt;
    time.textContent = m.sentAtText; // formatted by the server, in Norwegian time, exactly as the rendered thread shows it
    meta.append(sender, ' ', time);
    const body = document.createElement('p');
    body.className = 'body';
    body.textContent = m.body; // text only, never HTML; CSS keeps the line breaks
    li.append(meta, body);
    if (mine(m) && m.readAt) li.append(receipt());
    return li;
  }
  function receipt() { const p = document.createElement('p'); p.className = 'receipt'; p.textContent = d.read; return p; }

  /** Adds a message once, in id order (two senders at once may arrive out of order). */
  function add(m, announce) {
    if (m.enrollmentId !== enrollment || seen.has(m.id)) return;
    seen.add(m.id);
    const li = render(m);
    const after = [...list.children].find((x) => Number(x.dataset.id) > m.id);
    list.insertBefore(li, after ?? null);
    last = Math.max(last, m.id);
    root.querySelector('.empty')?.setAttribute('hidden', '');
    if (!mine(m)) {
      if (announce) live.textContent = `${d.newMessage} ${m.senderName}: ${m.body.slice(0, 140)}`;
      markRead();
    }
  }

  function showRead(r) {
    if (r.enrollmentId !== enrollment || r.byPatient === asPatient) return;
    list.querySelectorAll('li.mine').forEach((li) => {
      if (Number(li.dataset.id) <= r.upTo && !li.querySelector('.receipt')) li.append(receipt());
    });
  }

  let readTimer;
  function markRead() {
    if (document.visibilityState !== 'visible') return;
    clearTimeout(readTimer);
    readTimer = setTimeout(() => fetch(`${d.api}/read`, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', RequestVerificationToken: token() },
      body: JSON.stringify({ upTo: last }),
    }).catch(() => {}), 300);
  }
  document.addEventListener('visibilitychange', () => { if ([...list.querySelectorAll('li.theirs')].length) markRead(); });

  async function catchUp() {
    const r = await fetch(`${d.api}?after=${complete}`, { credentials: 'same-origin' });
    if (!r.ok) return;
    const missed = await r.json();
    missed.forEach((m) => add(m, true));
    complete = Math.max(complete, ...missed.map((m) => m.id));
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = box.value;
    const clientId = clientField.value;
    localStorage.setItem(draftKey, text);
    localStorage.setItem(clientKey, clientId);
    say(d.sending, 'saving');
    try {
      const r = await fetch(d.api, {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', RequestVerificationToken: token() },
        body: JSON.stringify({ body: text, clientId }),
      });
      if (r.ok) {
        add(await r.json(), false);
        if (box.value === text) { box.value = ''; localStorage.removeItem(draftKey); }
        localStorage.removeItem(clientKey);
        clientField.value = newId();
        say(d.sent, 'saved');
        box.focus();
      } else if (r.status === 401) {
        say(d.signedOut, 'error');
      } else {
        const problem = await r.json().catch(() => null);
        say(problem?.detail || problem?.title || d.offline, 'error');
        box.focus();
      }
    } catch {
      say(d.offline, 'offline'); // the draft and its client id are kept; sending again cannot store it twice
    }
  });

  // Templates (therapist page): fill the box in place; the text stays editable.
  const templates = document.getElementById('template-form');
  templates?.addEventListener('submit', (e) => {
    const option = templates.querySelector('select').selectedOptions[0];
    if (!option) return;
    e.preventDefault();
    box.value = option.dataset.body;
    box.dispatchEvent(new Event('input'));
    box.focus();
  });

  if (!window.signalR) return;
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/care', { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => Math.min(1000 * 2 ** c.previousRetryCount, 15000) })
    .build();
  connection.on('message', (m) => add(m, true));
  connection.on('read', showRead);
  connection.on('resync', () => join());
  const join = async () => {
    const missed = await connection.invoke('JoinThread', enrollment, complete);
    missed.forEach((m) => add(m, true));
    complete = Math.max(complete, ...missed.map((m) => m.id));
    liveStatus.textContent = d.live;
    liveStatus.dataset.state = 'live';
  };
  connection.onreconnecting(() => { liveStatus.textContent = d.reconnecting; liveStatus.dataset.state = 'reconnecting'; });
  connection.onreconnected(() => join().catch(() => {}));
  connection.onclose(() => setTimeout(start, 5000));
  async function start() {
    try { await connection.start(); await join(); }
    catch { liveStatus.textContent = d.reconnecting; setTimeout(start, 5000); }
  }
  start();
  // Also catch up when the tab comes back (a laptop lid closed keeps the socket "open" for a while).
  window.addEventListener('online', () => catchUp().catch(() => {}));
  window.addEventListener('pageshow', (e) => { if (e.persisted) catchUp().catch(() => {}); });
})();
