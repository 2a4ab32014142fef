// The meta-clustering page: starts a run on the server and draws what its WebSocket sends: the
// masks (one image per meta-cluster), the centres of each meta-cluster's neurons, and the learnState
// curve.
import uPlot from "uplot";
import { api, socketUrl } from "./api.js";

const $ = (id) => document.getElementById(id);
let socket = null, runId = null, curve = null, latest = null, drawn = null;

function status(text, isError = false) {
  $("mc-status").textContent = text;
  $("mc-status").classList.toggle("error", isError);
}

function image(bytes, offset, height, width, scale) {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  canvas.style.width = `${width * scale}px`;
  canvas.style.height = `${height * scale}px`;
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(width, height);
  const n = Math.min(height * width, bytes.length - offset);
  for (let j = 0; j < n; j++) {
    const v = bytes[offset + j];
    img.data[4 * j] = v; img.data[4 * j + 1] = v; img.data[4 * j + 2] = v; img.data[4 * j + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}

function decode(b64) {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function draw() {
  const f = latest;
  if (f && f !== drawn) {
    drawn = f;
    const words = { loading: "loading the data…", running: "learning", done: "done", stopped: "stopped", failed: "failed" };
    status(f.error ? `Failed: ${f.error}` : `${words[f.state] ?? f.state}: ${f.samples.toLocaleString()} of ${f.totalSamples.toLocaleString()} samples · learnState ${f.learnState.toFixed(4)} · ${f.samplesPerSecond.toLocaleString()} samples/s`, !!f.error);
    document.body.dataset.state = f.state;
    document.body.dataset.samples = String(f.samples);
    if (f.state !== "running" && f.state !== "loading") { $("mc-start").disabled = false; $("mc-stop").disabled = true; }
    if (f.masks) {
      const masks = decode(f.masks), centres = decode(f.centres);
      const scale = Math.max(1, Math.min(40, Math.floor(160 / Math.max(f.height, f.width))));
      const maskBox = $("mc-masks");
      maskBox.replaceChildren(...Array.from({ length: f.meta }, (_, m) => {
        const c = image(masks, m * f.inputs, f.height, f.width, scale);
        c.dataset.mask = String(m);
        c.title = `mask ${m}`;
        return c;
      }));
      const centreScale = Math.max(1, Math.min(20, Math.floor(80 / Math.max(f.height, f.width))));
      const rows = [];
      for (let m = 0; m < f.meta; m++) {
        const r = document.createElement("div");
        r.className = "mc-row";
        const label = document.createElement("span");
        label.textContent = `m${m}`;
        r.append(label);
        for (let k = 0; k < f.clusters; k++) r.append(image(centres, (m * f.clusters + k) * f.inputs, f.height, f.width, centreScale));
        rows.push(r);
      }
      $("mc-centres").replaceChildren(...rows);
      const xs = f.curve.map((p) => p[0]), ys = f.curve.map((p) => p[1]);
      if (!curve) {
        curve = new uPlot({ width: Math.max(300, $("mc-curve").clientWidth - 10), height: 220, scales: { x: { time: false }, y: { range: [0, 1] } },
          series: [{ label: "samples" }, { label: "learnState", stroke: "#2f6fdd", width: 2, points: { show: false } }], legend: { live: false } }, [xs, ys], $("mc-curve"));
      } else {
        curve.setData([xs, ys]);
      }
    }
  }
  requestAnimationFrame(draw);
}

function connect(id) {
  if (socket) socket.close();
  socket = new WebSocket(socketUrl(`/api/clustering/${encodeURIComponent(id)}/stream`));
  socket.onmessage = (e) => { const m = JSON.parse(e.data); if (m.type === "clustering") latest = m; };
}

$("mc-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const form = new FormData(e.target);
  const request = {
    data: form.get("data"), meta: Number(form.get("meta")), clusters: Number(form.get("clusters")),
    maskRate: Number(form.get("maskRate")), rate: Number(form.get("rate")), random: Number(form.get("random")),
    metric: form.get("metric"), init: form.get("init"), samples: Number(form.get("samples")), seed: Number(form.get("seed")),
  };
  try {
    const s = await api.startClustering(request);
    runId = s.id;
    $("mc-start").disabled = true;
    $("mc-stop").disabled = false;
    status("Loading the data…");
    connect(s.id);
  } catch (err) { status(err.message, true); }
});

$("mc-stop").addEventListener("click", async () => {
  if (!runId) return;
  try { await api.stopClustering(runId); } catch (err) { status(err.message, true); }
});

document.body.dataset.ready = "true";
requestAnimationFrame(draw);
