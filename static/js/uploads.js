// Weak links: photos are shrunk on the phone, then sent in small chunks that resume from the server's
// offset after a drop, with progress shown. The form then posts the upload ids instead of the files, so
// the server answers exactly as for a plain upload. Without JavaScript the files are posted as they are.
(function () {
  if (window.motcuaUploads || !window.fetch || !window.Blob) return;
  window.motcuaUploads = true;
  let passing = false;
  let failures = 0; // in a row, across the status checks between them: the waits keep growing

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      const submitter = event.submitter;
      if (passing) return void (passing = false);
      if (!form.dataset.upload || (submitter && submitter.hasAttribute("formaction"))) return;
      const jobs = [];
      for (const input of form.querySelectorAll("input[type=file]")) {
        for (const file of input.files) jobs.push({ input, file });
      }
      if (!jobs.length) return;
      event.preventDefault();
      event.stopPropagation();
      if (form.dataset.busy) return;
      form.dataset.busy = "1";
      const post = (ids) => {
        delete form.dataset.busy;
        if (ids) {
          for (const job of jobs) job.input.value = "";
          for (const id of ids) hidden(form, "upload", id);
        }
        if (submitter && submitter.name) hidden(form, submitter.name, submitter.value);
        if (!form.requestSubmit) return form.submit(); // no submit event: htmx lets it go natively
        passing = true;
        form.requestSubmit();
      };
      // Anything the chunked way cannot do (an old browser, a refused request) falls back to a plain post.
      send(form, jobs).then(post, () => post(null));
    },
    true,
  );

  function hidden(form, name, value) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.append(input);
  }

  async function send(form, jobs) {
    const box = document.getElementById("upload-status");
    const bar = box.querySelector("progress");
    const text = box.querySelector("[role=status]");
    box.hidden = false;
    text.textContent = box.dataset.prepare;
    const blobs = [];
    for (const job of jobs) blobs.push(await shrink(job.file, +form.dataset.side));
    const total = blobs.reduce((sum, blob) => sum + blob.size, 0);
    let done = 0;
    const show = (bytes) => {
      done += bytes;
      bar.max = total || 1;
      bar.value = done;
      const kb = (n) => Math.ceil(n / 1024);
      text.textContent = box.dataset.sent.replace("{done}", kb(done)).replace("{total}", kb(total));
    };
    show(0);
    const ids = [];
    for (let i = 0; i < jobs.length; i++) {
      ids.push(await upload(form, jobs[i].input.name.slice(4), blobs[i], show, () => (text.textContent = box.dataset.retry)));
    }
    return ids;
  }

  async function upload(form, doc, blob, show, retrying) {
    const body = new FormData();
    body.append("doc", doc);
    body.append("name", blob.name);
    body.append("size", blob.size);
    let info = await call(form, form.dataset.upload, "POST", body, null, retrying);
    const { id, chunk } = info;
    const url = `${form.dataset.upload}/${id}`;
    let sent = 0;
    while (info.state === "open") {
      const part = blob.slice(info.offset, Math.min(info.offset + chunk, blob.size));
      info = await call(form, `${url}?offset=${info.offset}`, "PUT", part, url, retrying);
      show(info.offset - sent);
      sent = info.offset;
    }
    return id;
  }

  // One request, retried with growing waits; after a drop, `resume` (the status URL) tells the offset.
  async function call(form, url, method, body, resume, retrying) {
    for (;;) {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), 90000);
      try {
        const response = await fetch(url, {
          method,
          body,
          headers: { "X-CSRFToken": form.elements.csrf_token.value },
          signal: abort.signal,
        });
        const json = (response.headers.get("Content-Type") || "").includes("json");
        if (response.status < 500 && json) {
          const info = await response.json();
          if (method !== "GET") failures = 0;
          return info;
        }
        if (response.status < 500) throw new Error(`HTTP ${response.status}`);
      } catch (error) {
        if (error.message.startsWith("HTTP")) throw error;
      } finally {
        clearTimeout(timer);
      }
      retrying();
      await new Promise((wake) => {
        setTimeout(wake, Math.min(30000, 500 * 2 ** failures++));
        window.addEventListener("online", wake, { once: true });
      });
      if (resume) [url, method, body] = [resume, "GET", undefined];
    }
  }

  // A photo's longest side down to the server's limit, as JPEG at 0.8; anything else goes as it is.
  async function shrink(file, side) {
    if (!/^image\/(jpeg|png)$/.test(file.type) || !window.createImageBitmap) return file;
    try {
      const image = await createImageBitmap(file);
      const scale = Math.min(1, side / Math.max(image.width, image.height));
      if (scale === 1 && file.size < 300000) return file; // small enough already
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(image.width * scale);
      canvas.height = Math.round(image.height * scale);
      const context = canvas.getContext("2d");
      context.fillStyle = "#fff"; // a transparent PNG gets a white page, not a black one
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise((done) => canvas.toBlob(done, "image/jpeg", 0.8));
      if (!blob || blob.size >= file.size) return file;
      return new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", { type: "image/jpeg" });
    } catch {
      return file;
    }
  }
})();
