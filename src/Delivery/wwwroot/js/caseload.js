// Live caseload. The page is complete without this; with it, when a patient writes or answers a questionnaire the server
// says "something changed" over /hubs/care and the page reads itself again (same URL, same filters, same access checks)
// and swaps the counts and the list in place, then says so in a polite status line for screen readers.
(() => {
  const list = document.getElementById('caseload');
  const status = document.getElementById('caseload-status');
  if (!list || !status || !window.signalR) return;
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/care', { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
    .withAutomaticReconnect()
    .build();
  let timer = null;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const response = await fetch(location.href, { credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      for (const id of ['caseload', 'caseload-summary']) {
        const fresh = page.getElementById(id);
        const current = document.getElementById(id);
        if (fresh && current) current.innerHTML = fresh.innerHTML;
      }
      status.textContent = status.dataset.updated + ' ' + new Date().toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit', timeZone: document.documentElement.dataset.timeZone });
    }, 250); // a burst of events (a message and its read receipt) becomes one reload
  };
  connection.on('thread', refresh);
  connection.on('caseload', refresh);
  connection.onreconnected(refresh);
  // Closed for good (the server ends it when access is taken away, e.g. a deactivated account): no longer live.
  connection.onclose(() => { delete list.dataset.live; });
  connection.start().then(() => { list.dataset.live = 'true'; }).catch(() => { /* the page still works; a reload shows changes */ });
})();
