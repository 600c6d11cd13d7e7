// Offline filing: answers kept on the device as typed; POSTs that cannot go out wait in an outbox.
// Run by the filing pages and imported by the service worker (Background Sync).
(function (scope) {
  const TAG = "motcua-outbox";
  const DRAFT_CACHE = "motcua-draft-";
  const DONE = /\/da-nop$/;
  const RETRY_MS = 10000;
  let opened, flushing;

  function db() {
    opened =
      opened ||
      new Promise((ok, fail) => {
        const request = indexedDB.open("motcua-filing", 1);
        request.onupgradeneeded = () => {
          request.result.createObjectStore("answers");
          request.result.createObjectStore("outbox", { autoIncrement: true });
        };
        request.onsuccess = () => ok(request.result);
        request.onerror = () => fail(request.error);
      });
    return opened;
  }

  function run(store, mode, work) {
    return db().then(
      (base) =>
        new Promise((ok, fail) => {
          const tx = base.transaction(store, mode);
          const request = work(tx.objectStore(store));
          tx.oncomplete = () => ok(request && request.result);
          tx.onerror = tx.onabort = () => fail(tx.error);
        }),
    );
  }

  const ofDraft = (token) => IDBKeyRange.bound(token + " ", token + " \uffff");
  const saveAnswer = (token, n, v) => run("answers", "readwrite", (s) => s.put({ n, v }, token + " " + n));
  const answers = (token) => run("answers", "readonly", (s) => s.getAll(ofDraft(token)));
  const add = (entry) => run("outbox", "readwrite", (s) => s.add(entry));

  function entries() {
    const found = [];
    return run("outbox", "readonly", (s) => {
      s.openCursor().onsuccess = (event) => {
        const cursor = event.target.result;
        if (!cursor) return;
        found.push([cursor.key, cursor.value]);
        cursor.continue();
      };
    }).then(() => found);
  }

  // Submitted: the draft's answers and pages leave the device.
  function forget(token) {
    const gone = scope.caches ? caches.delete(DRAFT_CACHE + token) : Promise.resolve();
    return Promise.all([gone, run("answers", "readwrite", (s) => s.delete(ofDraft(token)))]);
  }

  // In order; a network error stops the round. A replayed submission gets the same dossier.
  function flush(csrf) {
    const round = () =>
      entries().then(async (waiting) => {
        const result = { last: null, sent: null };
        for (const [id, entry] of waiting) {
          const body = new FormData();
          for (const [name, value] of entry.fields) body.append(name, name === "csrf_token" && csrf ? csrf : value);
          const response = await fetch(entry.url, { method: "POST", body, credentials: "same-origin" });
          if (response.status >= 500) throw new Error("server unavailable");
          // Her sign-in ended while she was offline: kept until she signs in again, never dropped.
          if (response.status === 401) throw new Error("sign in again");
          await run("outbox", "readwrite", (s) => s.delete(id));
          result.last = response;
          if (entry.kind === "submit") {
            result.sent = response;
            if (DONE.test(new URL(response.url).pathname)) await forget(entry.token);
          }
        }
        return result;
      });
    const locks = scope.navigator.locks;
    flushing = flushing || (locks ? locks.request(TAG, round) : round()).finally(() => (flushing = null));
    return flushing;
  }

  if (!scope.document) {
    scope.addEventListener("sync", (event) => {
      if (event.tag !== TAG) return;
      const tell = (result) =>
        result.sent &&
        scope.clients.matchAll().then((all) => all.forEach((c) => c.postMessage({ motcuaSent: result.sent.url })));
      event.waitUntil(flush().then(tell));
    });
    return;
  }
  if (scope.MotCuaFiling) return scope.MotCuaFiling.init();

  let usable = true;
  let pending = 0;
  let timer = null;
  const note = () => document.getElementById("mc-note");
  const token = () => (note() || {}).dataset.token;

  function show(key) {
    const element = note();
    if (!element) return;
    element.hidden = false;
    element.textContent = element.dataset[key];
  }

  function unusable() {
    usable = false;
    show("nostore");
  }

  function init() {
    const element = note();
    if (!element || element.dataset.ready) return;
    element.dataset.ready = "1";
    const draft = element.dataset.token;
    if (element.hasAttribute("data-done")) {
      forget(draft).catch(() => null);
      return send(false).catch(later);
    }
    const form = document.querySelector("form[data-offline]");
    entries()
      .then((waiting) => {
        pending = waiting.length;
        if (pending) show("waiting");
        return answers(draft);
      })
      .then((saved) => {
        let restored = false;
        for (const { n, v } of saved) restored = restore(form, n, v, pending > 0) || restored;
        if (restored) prefetch();
        if (restored && !pending) show("restored");
      }, unusable)
      .then(() => pending && send(false).catch(later));
  }

  // Fill what the page left empty; while POSTs wait, the device is newer.
  function restore(form, name, value, newer) {
    const found = form && form.elements[name];
    const fields = (found instanceof RadioNodeList ? Array.from(found) : found ? [found] : []).filter(
      (f) => f.type !== "hidden" && f.type !== "file",
    );
    const ticks = (f) => f.type === "radio" || f.type === "checkbox";
    if (!newer && fields.some((f) => (ticks(f) ? f.checked : f.value !== ""))) return false;
    let changed = false;
    for (const field of fields) {
      const key = ticks(field) ? "checked" : "value";
      const wanted = field.type === "radio" ? field.value === value : value;
      if (field[key] !== wanted) (field[key] = wanted), (changed = true);
    }
    return changed;
  }

  // From the first keystroke (not on Save-Data): the next page, kept to go on offline.
  function prefetch() {
    const element = note();
    const url = element && element.dataset.next;
    if (!url || element.dataset.fetched || !scope.caches || !navigator.onLine || (navigator.connection || {}).saveData) return;
    element.dataset.fetched = "1";
    const draft = element.dataset.token;
    fetch(url, { credentials: "same-origin" })
      .then((r) => r.ok && !r.redirected && caches.open(DRAFT_CACHE + draft).then((c) => c.put(url, r)))
      .catch(() => null);
  }

  function remember(event) {
    const field = event.target;
    const form = field.form;
    if (!usable || !form || !form.hasAttribute("data-offline") || !field.name) return;
    if (field.type === "hidden" || field.type === "file" || (field.type === "radio" && !field.checked)) return;
    prefetch();
    saveAnswer(token(), field.name, field.type === "checkbox" ? field.checked : field.value).catch(unusable);
  }

  // `moving`: a button was pressed, so go where the answer is.
  function send(moving) {
    if (!usable) return Promise.resolve(null);
    const csrf = document.querySelector("input[name=csrf_token]");
    return flush(csrf && csrf.value).then((result) => {
      pending = 0;
      clearInterval(timer);
      timer = null;
      const element = note();
      if (element && [element.dataset.waiting, element.dataset.stuck].includes(element.textContent)) element.hidden = true;
      const there = result.sent || (moving && result.last);
      if (there) location.assign(there.url.replace(/\/gui$/, "/kiem-tra"));
      return result;
    });
  }

  function later() {
    timer = timer || setInterval(() => send(false).catch(() => null), RETRY_MS);
    if (navigator.serviceWorker) {
      navigator.serviceWorker.ready.then((r) => r.sync && r.sync.register(TAG)).catch(() => null);
    }
  }

  // `online`: the POST was held back only to keep the order; if the device cannot keep it, post it now.
  function queue(form, online) {
    const element = note();
    const draft = element.dataset.token;
    const submit = form.hasAttribute("data-submit");
    const fields = Array.from(new FormData(form)).filter(([, v]) => typeof v === "string" || v.size);
    add({ token: draft, url: form.action, kind: submit ? "submit" : "step", fields })
      .then(() => {
        pending += 1;
        return send(true).catch(() => {
          later();
          const next = element.dataset.next;
          if (submit || !next) return show("waiting");
          return caches
            .match(next, { cacheName: DRAFT_CACHE + draft })
            .then((kept) => (kept ? location.assign(next) : show("stuck")));
        });
      })
      .catch(() => {
        unusable();
        if (online) form.submit();
      });
  }

  // Before htmx (capture): offline, or behind waiting POSTs, a POST joins the queue.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!usable || !form.hasAttribute("data-offline") || (navigator.onLine && !pending)) return;
      event.preventDefault();
      event.stopPropagation();
      queue(form, navigator.onLine);
    },
    true,
  );

  document.addEventListener("htmx:sendError", (event) => {
    const element = event.detail.elt;
    if (usable && element.matches("form[data-offline]")) queue(element);
    else if (element.href) location.assign(element.href);
  });
  document.addEventListener("input", remember);
  document.addEventListener("htmx:afterSettle", init);
  window.addEventListener("online", () => send(false).catch(() => null));
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", (event) => {
      const sent = event.data && event.data.motcuaSent;
      if (sent && note() && sent.includes("/" + token() + "/")) location.assign(sent);
    });
  }
  scope.MotCuaFiling = { init, entries, answers, add };
  init();
})(self);
