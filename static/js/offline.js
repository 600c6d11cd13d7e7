// The offline page lists the pages this device keeps, so a person without a link knows what still opens.
(async function () {
  const list = document.getElementById("trang-da-luu");
  if (!list || !("caches" in window)) return;
  const names = (await caches.keys()).filter((name) => /^motcua-(pages|status)-/.test(name));
  for (const name of names) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      list.append(entry(request.url, await response.text(), response.headers.get("X-Saved-At"), list.dataset.saved));
    }
  }
  list.hidden = list.children.length === 0;
})();

function entry(url, html, savedAt, savedWord) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = url;
  link.textContent = new DOMParser().parseFromString(html, "text/html").title.split(" · ")[0] || url;
  item.append(link);
  if (savedAt) {
    const when = document.createElement("span");
    when.className = "meta";
    when.textContent = ` (${savedWord} ${shown(new Date(savedAt))})`;
    item.append(when);
  }
  return item;
}

function shown(moment) {
  const two = (n) => String(n).padStart(2, "0");
  const day = `${two(moment.getDate())}/${two(moment.getMonth() + 1)}/${moment.getFullYear()}`;
  return `${two(moment.getHours())}:${two(moment.getMinutes())} ${day}`;
}
