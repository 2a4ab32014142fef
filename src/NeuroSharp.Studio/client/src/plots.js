// Plots of chosen neurons' state over time (uPlot) and the spike raster (canvas). Both keep bounded
// buffers filled from the frames' trace samples and spikes, and draw on animation frames only.
import uPlot from "uplot";

const MAX_POINTS = 4000;
const MAX_SPIKES = 60000;
const COLOURS = ["#3a9d5d", "#d1495b", "#2f6fdd", "#f28e2b", "#6c4f9c", "#888"];

// Which variables a plot shows at first (the others can be switched on in its legend).
const SHOWN = {
  transmitter: ["currentActivator", "currentInhibitor", "accumulatedActivator", "synapseActivator"],
};

export class Plots {
  constructor(container, emptyNote, raster) {
    this.container = container;
    this.emptyNote = emptyNote;
    this.raster = raster;
    this.layout = null;
    this.charts = new Map(); // id -> { plot, xs, ys[], offset, width, dirty }
    this.spikes = { rows: [], times: [] };
    this.nowMs = 0;
    this.rasterDirty = true;
  }

  /** A new network message: re-index the trace rows; keep the plots whose neurons still exist. */
  setLayout(layout) {
    this.layout = layout;
    this.offsets = new Map();
    let offset = 0;
    for (const n of layout.neurons) {
      if (!n.traced) continue;
      this.offsets.set(n.id, { offset, width: n.variables.length, neuron: n });
      offset += n.variables.length;
    }
    this.rowWidth = offset;
    for (const id of [...this.charts.keys()]) {
      this.remove(id);
      if (this.offsets.has(id)) this.add(id);
    }
    this.clearData();
  }

  clearData() {
    for (const c of this.charts.values()) { c.xs.length = 0; for (const y of c.ys) y.length = 0; c.dirty = true; }
    this.spikes = { rows: [], times: [] };
    this.nowMs = 0;
    this.rasterDirty = true;
  }

  has(id) { return this.charts.has(id); }

  toggle(id) {
    if (this.charts.has(id)) this.remove(id);
    else this.add(id);
    return this.charts.has(id);
  }

  add(id) {
    const info = this.offsets?.get(id);
    if (!info || info.width === 0) return false;
    const box = document.createElement("div");
    box.className = "chart";
    box.dataset.plot = id;
    const title = document.createElement("div");
    title.className = "title";
    title.textContent = `${id} (${info.neuron.model})`;
    box.appendChild(title);
    this.container.appendChild(box);
    const shown = SHOWN[info.neuron.model] ?? [info.neuron.variables[0]];
    const series = [{ label: "time (ms)" }];
    info.neuron.variables.forEach((v, k) => series.push({ label: v, stroke: COLOURS[series.length % COLOURS.length], width: 1.5, show: shown.includes(v), points: { show: false } }));
    const width = Math.max(240, this.container.clientWidth - 16);
    const plot = new uPlot({ width, height: 150, series, scales: { x: { time: false } }, legend: { live: false }, cursor: { drag: { x: false, y: false } } }, [[], ...info.neuron.variables.map(() => [])], box);
    this.charts.set(id, { plot, box, xs: [], ys: info.neuron.variables.map(() => []), offset: info.offset, width: info.width, dirty: true });
    this.emptyNote.hidden = true;
    return true;
  }

  remove(id) {
    const c = this.charts.get(id);
    if (!c) return;
    c.plot.destroy();
    c.box.remove();
    this.charts.delete(id);
    this.emptyNote.hidden = this.charts.size > 0;
  }

  /** Appends a frame's trace samples and spikes. */
  ingest(frame) {
    if (!this.layout) return;
    const dt = this.layout.dtMs;
    this.nowMs = frame.step * dt;
    const { steps, rows } = frame.trace;
    for (const c of this.charts.values()) {
      for (let s = 0; s < steps.length; s++) {
        c.xs.push(steps[s] * dt);
        for (let v = 0; v < c.width; v++) c.ys[v].push(rows[s][c.offset + v]);
      }
      if (c.xs.length > MAX_POINTS) {
        const cut = c.xs.length - MAX_POINTS;
        c.xs.splice(0, cut);
        for (const y of c.ys) y.splice(0, cut);
      }
      if (steps.length) c.dirty = true;
    }
    const sp = frame.spikes;
    for (let k = 0; k < sp.rows.length; k++) { this.spikes.rows.push(sp.rows[k]); this.spikes.times.push(sp.steps[k] * dt); }
    if (this.spikes.rows.length > MAX_SPIKES) {
      const cut = this.spikes.rows.length - MAX_SPIKES;
      this.spikes.rows.splice(0, cut);
      this.spikes.times.splice(0, cut);
    }
    this.rasterDirty = true;
  }

  draw() {
    for (const c of this.charts.values()) {
      if (!c.dirty) continue;
      c.plot.setData([c.xs, ...c.ys]);
      c.dirty = false;
    }
    if (this.rasterDirty) this.drawRaster();
  }

  drawRaster() {
    this.rasterDirty = false;
    const canvas = this.raster, ctx = canvas.getContext("2d");
    const w = canvas.clientWidth, h = canvas.clientHeight;
    if (canvas.width !== w) canvas.width = w;
    ctx.clearRect(0, 0, w, h);
    if (!this.layout) return;
    const rows = Math.max(1, this.layout.rasterRows);
    const dt = this.layout.dtMs;
    const windowMs = Math.max(400 * dt, 500);
    const start = Math.max(0, this.nowMs - windowMs);
    const rowH = (h - 14) / rows;
    ctx.fillStyle = "#f3f3ef";
    for (const p of this.layout.populations) {
      ctx.fillRect(0, p.rasterStart * rowH, w, p.rasterRows * rowH);
    }
    ctx.fillStyle = "#222";
    const dot = Math.max(1.5, Math.min(4, rowH * 0.8));
    const { rows: rs, times } = this.spikes;
    for (let k = 0; k < rs.length; k++) {
      if (times[k] < start) continue;
      ctx.fillRect(((times[k] - start) / windowMs) * (w - 4), rs[k] * rowH + (rowH - dot) / 2, dot, dot);
    }
    ctx.fillStyle = "#777";
    ctx.font = "10px sans-serif";
    ctx.fillText(`${start.toFixed(1)} ms`, 2, h - 2);
    const end = `${this.nowMs.toFixed(1)} ms`;
    ctx.fillText(end, w - ctx.measureText(end).width - 2, h - 2);
    if (this.layout.neurons.length <= 24) {
      this.layout.neurons.forEach((n, k) => { if (rowH >= 8) ctx.fillText(n.id, 2, k * rowH + rowH * 0.75); });
    }
  }
}
