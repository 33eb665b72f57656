// Media library: chunked, resumable uploads through the management API, and live job progress over SignalR.
// Progressive enhancement: the pages work without it except for uploading large files.
(() => {
  "use strict";
  const api = "/api/v1/manage/media";
  const chunkSize = 8 * 1024 * 1024;
  const form = document.getElementById("media-upload");
  const list = document.getElementById("media-upload-list");
  const token = document.querySelector('input[name="__RequestVerificationToken"]')?.value;
  const jobs = new Map(); // job id -> { bar, pct, status }
  const t = (name) => (form ? form.dataset[name] : "") || "";
  let counter = 0;

  const headers = (extra) => Object.assign({ "RequestVerificationToken": token || "" }, extra || {});

  function registerJob(id, bar, pct, status) {
    jobs.set(String(id), { bar, pct, status });
  }

  function showJob(job) {
    const entry = jobs.get(String(job.id));
    if (!entry) return;
    const value = job.state === "done" ? 100 : Math.floor(job.progress);
    entry.bar.value = value;
    entry.pct.textContent = value + " %";
    if (entry.status) {
      entry.status.textContent = job.state === "done" ? t("ready") : job.state === "failed" ? t("failed") + ": " + (job.error || "")
        : job.state === "running" ? t("processing") : t("pending");
    }
    document.querySelectorAll('[data-status-for="' + job.id + '"]').forEach((el) => {
      if (job.state === "done") el.textContent = t("ready") || el.textContent;
    });
  }

  // Bars already on the page (the details page) follow their job too.
  document.querySelectorAll("[data-job-id]").forEach((el) => {
    registerJob(el.dataset.jobId, el.querySelector("progress"), el.querySelector("[data-job-percent]"), null);
  });

  if (window.signalR) {
    const connection = new signalR.HubConnectionBuilder().withUrl("/hubs/media").withAutomaticReconnect().build();
    connection.on("progress", showJob);
    connection.start().catch(() => { /* progress then shows on reload */ });
  }

  async function problemText(response) {
    try {
      const p = await response.json();
      let text = p.detail || p.title || response.statusText;
      if (Array.isArray(p.problems)) text += " " + p.problems.map((x) => "(" + x.line + ") " + x.message).join("; ");
      return text;
    } catch {
      return response.status + " " + response.statusText;
    }
  }

  function bar(labelText) {
    const id = "upl-" + (++counter);
    const wrap = document.createElement("div");
    wrap.className = "job";
    const label = document.createElement("span");
    label.id = id;
    label.textContent = labelText;
    const progress = document.createElement("progress");
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute("aria-labelledby", id);
    const pct = document.createElement("span");
    pct.className = "pct";
    pct.textContent = "0 %";
    wrap.append(label, progress, pct);
    return { wrap, progress, pct };
  }

  async function sendChunk(id, file, start) {
    const end = Math.min(start + chunkSize, file.size);
    const response = await fetch(api + "/uploads/" + id, {
      method: "PUT",
      headers: headers({ "Content-Range": "bytes " + start + "-" + (end - 1) + "/" + file.size }),
      body: file.slice(start, end),
    });
    return response;
  }

  async function upload(file, replaceKey) {
    const item = document.createElement("li");
    const name = document.createElement("strong");
    name.textContent = file.name;
    const status = document.createElement("span");
    status.className = "upload-status";
    status.textContent = t("uploading");
    const up = bar(t("uploadLabel").replace("{0}", file.name));
    item.append(name, " ", status, up.wrap);
    list.append(item);

    const created = await fetch(api + "/uploads", {
      method: "POST",
      headers: headers({ "Content-Type": "application/json" }),
      body: JSON.stringify({ fileName: file.name, size: file.size, replaceKey: replaceKey || null }),
    });
    if (!created.ok) {
      status.textContent = t("refused") + ": " + await problemText(created);
      return;
    }
    const session = await created.json();
    let received = 0;
    let failures = 0;
    while (received < file.size) {
      let response;
      try {
        response = await sendChunk(session.id, file, received);
      } catch {
        response = null; // network error: ask the server where to resume
      }
      if (response && response.ok) {
        received = (await response.json()).received;
        failures = 0;
      } else if (response && (response.status === 422 || response.status === 413 || response.status === 404)) {
        status.textContent = t("refused") + ": " + await problemText(response);
        return;
      } else {
        if (++failures > 5) {
          status.textContent = t("failed") + (response ? ": " + await problemText(response) : "");
          return;
        }
        await new Promise((r) => setTimeout(r, 1000 * failures));
        const state = await fetch(api + "/uploads/" + session.id, { headers: headers() });
        if (state.ok) received = (await state.json()).received;
      }
      const value = Math.floor(received / file.size * 100);
      up.progress.value = value;
      up.pct.textContent = value + " %";
    }
    const done = await fetch(api + "/uploads/" + session.id + "/complete", { method: "POST", headers: headers() });
    if (!done.ok) {
      status.textContent = t("refused") + ": " + await problemText(done);
      return;
    }
    const asset = await done.json();
    const link = document.createElement("a");
    link.href = "/media/" + asset.key;
    link.textContent = t("details") + ": " + asset.fileName;
    item.append(link);
    if (asset.job) {
      status.textContent = t("pending");
      const processing = bar(t("jobLabel").replace("{0}", file.name));
      processing.wrap.dataset.uploadJob = asset.job.id;
      item.append(processing.wrap);
      registerJob(asset.job.id, processing.progress, processing.pct, status);
      // The job may already have moved on before we listened: fetch its state once.
      const current = await fetch(api + "/jobs/" + asset.job.id, { headers: headers() });
      if (current.ok) showJob(await current.json());
    } else {
      status.textContent = t("ready");
    }
  }

  if (form && list) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const input = form.querySelector('input[type="file"]');
      if (!input.files.length) {
        const li = document.createElement("li");
        li.textContent = t("choose");
        list.append(li);
        return;
      }
      for (const file of Array.from(input.files)) {
        await upload(file, form.dataset.replaceKey);
      }
      input.value = "";
    });
  }
})();
