// MotCua's service worker, written by hand: the shell from its cache, the catalogue stale-while-
// revalidate, status pages from the network with the last copy kept for when the link drops.
// The back office, POST answers and no-store or private pages are never stored here; a filing page
// comes from the network, or offline from its draft's own cache (filled by the page).
const SETTINGS = {{ settings|tojson }};
try {
  // The filing outbox, sent on Background Sync: the script the filing pages run.
  importScripts(SETTINGS.shell.find((url) => url.includes("/js/filing-offline.js")));
} catch (missing) {} // the pages still send it: on `online`, on load, on a timer
const SHELL = "motcua-shell-" + SETTINGS.version;
const PAGES = "motcua-pages-" + SETTINGS.version;
const STATUS = "motcua-status-" + SETTINGS.version;
const KEEP_PAGES = 60;
const KEEP_STATUS = 5;
const STATUS_WAIT_MS = 6000;
const CATALOGUE_PAGE = /^\/(thu-tuc(\/[^/]+)?|don-vi(\/[^/]+)?)?$/;
const STATUS_PAGE = /^\/tra-cuu\/[^/]+$/;
const DRAFT_PAGE = /^\/nop\/([\w-]+)\//;
const ANY_VARY = { ignoreVary: true };

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(SETTINGS.shell))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  // Pages kept by an older deployment name its assets: they go with its shell, so none mixes the two.
  const current = [SHELL, PAGES, STATUS];
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => !current.includes(n)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== location.origin) return;
  if (request.method === "POST" && url.pathname === SETTINGS.language) {
    event.respondWith(switchLanguage(event));
  } else if (request.method !== "GET") {
    return;
  } else if (SETTINGS.shell.includes(url.pathname + url.search)) {
    event.respondWith(shellFile(request));
  } else if (request.mode === "navigate") {
    event.respondWith(navigate(event, url.pathname));
  }
});

function navigate(event, path) {
  if (STATUS_PAGE.test(path)) return networkFirst(event);
  if (CATALOGUE_PAGE.test(path)) return staleWhileRevalidate(event);
  const draft = DRAFT_PAGE.exec(path);
  if (draft) return fetch(event.request).catch(() => fromDraft(draft[1], event.request));
  return fetch(event.request).catch(offlinePage);
}

async function shellFile(request) {
  const cache = await caches.open(SHELL);
  return (await cache.match(request, ANY_VARY)) || fetch(request);
}

async function staleWhileRevalidate(event) {
  const request = event.request;
  const cache = await caches.open(PAGES);
  const saved = await cache.match(request, ANY_VARY);
  const fresh = fetch(request).then(async (response) => {
    if (storable(response)) await keep(cache, request, response.clone(), KEEP_PAGES);
    else if (response.status === 404 || response.type === "opaqueredirect") await cache.delete(request, ANY_VARY);
    return response;
  });
  if (!saved) return fresh.catch(offlinePage);
  event.waitUntil(fresh.catch(() => null));
  return saved;
}

// A status page is private and no-store for shared caches and the back-forward cache; the person
// who proved the code may still keep the last few on their own device, which is what they ask for.
// On a link too slow to answer in STATUS_WAIT_MS the kept copy is shown, and replaced in the background.
async function networkFirst(event) {
  const request = event.request;
  const cache = await caches.open(STATUS);
  const saved = await cache.match(request, ANY_VARY);
  const fresh = fetch(request).then(async (response) => {
    if (response.ok && response.type === "basic") {
      await keep(cache, request, await stamped(response.clone()), KEEP_STATUS);
    } else if (response.type === "opaqueredirect") {
      await cache.delete(request, ANY_VARY); // the proof ran out: the copy goes with it
    }
    return response;
  });
  event.waitUntil(fresh.catch(() => null));
  try {
    return await (saved ? Promise.race([fresh, timeout(STATUS_WAIT_MS)]) : fresh);
  } catch (offlineOrSlow) {
    return saved ? withSavedNote(saved) : offlinePage();
  }
}

function timeout(ms) {
  return new Promise((resolve, reject) => setTimeout(() => reject(new Error("slow link")), ms));
}

function storable(response) {
  const control = response.headers.get("Cache-Control") || "";
  return response.ok && response.type === "basic" && !/no-store|private/i.test(control);
}

async function keep(cache, request, response, limit) {
  await cache.put(request, response); // put appends: the oldest entries come first
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(keys.length - limit, 0)).map((key) => cache.delete(key)));
}

// The copy carries the moment it was fetched; only its type is kept of the server's headers.
async function stamped(response) {
  const headers = { "Content-Type": response.headers.get("Content-Type"), "X-Saved-At": new Date().toISOString() };
  return new Response(await response.blob(), { headers });
}

async function withSavedNote(saved) {
  const html = await saved.text();
  const savedAt = saved.headers.get("X-Saved-At");
  const lang = (/<html lang="(\w+)"/.exec(html) || [])[1];
  const text = (SETTINGS.savedNote[lang] || SETTINGS.savedNote.vi).replace("{time}", shown(new Date(savedAt)));
  const note = `<p class="notice" role="status" id="ban-luu" data-saved-at="${savedAt}">${text}</p>`;
  const headers = { "Content-Type": saved.headers.get("Content-Type") };
  return new Response(html.replace('<main id="main">', (main) => main + note), { headers });
}

function shown(moment) {
  const two = (n) => String(n).padStart(2, "0");
  const day = `${two(moment.getDate())}/${two(moment.getMonth() + 1)}/${moment.getFullYear()}`;
  return `${two(moment.getHours())}:${two(moment.getMinutes())} ${day}`;
}

// Private pages of one draft, kept on this device only, deleted once it is submitted.
async function fromDraft(token, request) {
  return (await caches.match(request, { cacheName: "motcua-draft-" + token, ...ANY_VARY })) || offlinePage();
}

async function offlinePage() {
  const cache = await caches.open(SHELL);
  return (await cache.match(SETTINGS.offline, ANY_VARY)) || Response.error();
}

// Kept pages are in the old language: drop them before the switch, so the next page comes fresh.
async function switchLanguage(event) {
  await caches.delete(PAGES);
  const response = await fetch(event.request);
  event.waitUntil(caches.open(SHELL).then((cache) => cache.add(SETTINGS.offline)));
  return response;
}
