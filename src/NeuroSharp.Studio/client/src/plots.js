// Plots of chosen neurons' state over time (uPlot) and the spike raster (canvas). Both keep bounded
// buffers filled from the frames' trace samples and spikes, and draw on animation frames only.
import uPlot from "uplot";

const MAX_POINTS = 4000;
/** Spikes the page keeps for its raster and Spikes CSV (the latest); older ones are counted, and the page says so. */
export const MAX_SPIKES = 60000;
const COLOURS = ["#3a9d5d", "#d1495b", "#2f6fdd", "#f28e2b", "#6c4f9c", "#888"];

// The unit of each state variable comes with the layout ("units", beside "variables"): the server takes it from the
// model and its parameters (NeuronModels.StateVariableUnit), so an AdEx with reversal potentials shows its inputs in nS.
const unitOf = (neuron, variable) => neuron.units?.[neuron.variables.indexOf(variable)] ?? "";
const withUnit = (label, unit) => (unit ? `${label} (${unit})` : label);
const round = (x) => Math.round(x * 1e6) / 1e6;
const csvField = (s) => (/[",\n]/.test(s) ? `"${String(s).replaceAll('"', '""')}"` : String(s));

/** Dot colours of raster rows by what the neuron releases. */
export const KIND_COLOURS = { excitatory: "#2f6fdd", inhibitory: "#d1495b", mixed: "#222" };

// Which variables a plot shows at first (the others can be switched on in its legend).
const SHOWN = {
  transmitter: ["currentActivator", "currentInhibitor", "accumulatedActivator", "synapseActivator"],
};

export class Plots {
  constructor(container, emptyNote, raster, rasterNote, traceNote) {
    this.container = container;
    this.emptyNote = emptyNote;
    this.traceNote = traceNote;
    this.raster = raster;
    this.rasterNote = rasterNote;
    this.layout = null;
    this.charts = new Map(); // id -> { plot, xs, ys[], offset, width, dirty }
    // Plots asked for before the running network has their neuron or population (the server rebuilds it a moment after an
    // edit or a load): the next layout that has them adds them, so P right after loading an example is not lost.
    this.pending = new Set();
    this.spikes = { rows: [], times: [], trimmed: 0, dropped: 0 };
    // Samples of the state plots (trace) and the watched cell that the stream counted and did not send: with the plots'
    // samples beyond their last MAX_POINTS (each chart's "trimmed"), what the plots and the Traces CSV lack (traceNote).
    this.traces = { dropped: 0 };
    this.lastStep = 0;
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
      if (this.offsets.has(id) || (id.startsWith("p:") && layout.populations.some((p) => `p:${p.name}` === id))
        || (id.startsWith("m:") && (layout.morphologyCells ?? []).some((m) => id.startsWith(`m:${m.target}[`)))) this.add(id);
    }
    for (const id of [...this.pending]) if (this.add(id)) this.pending.delete(id);
    this.clearData();
  }

  clearData() {
    for (const c of this.charts.values()) { c.xs.length = 0; for (const y of c.ys) y.length = 0; if (c.rate) c.rate.last = null; c.trimmed = 0; c.dirty = true; }
    this.spikes = { rows: [], times: [], trimmed: 0, dropped: 0 };
    this.traces = { dropped: 0 };
    this.lastStep = 0;
    this.nowMs = 0;
    this.rasterDirty = true;
  }

  /** Drops a chart's oldest samples beyond MAX_POINTS, counting them for the note and the Traces CSV's first line. */
  trim(c) {
    if (c.xs.length <= MAX_POINTS) return;
    const cut = c.xs.length - MAX_POINTS;
    c.xs.splice(0, cut);
    for (const y of c.ys) y.splice(0, cut);
    c.trimmed = (c.trimmed ?? 0) + cut;
  }

  /** Samples the plots shown dropped beyond their last MAX_POINTS. */
  trimmed() {
    let n = 0;
    for (const c of this.charts.values()) n += c.trimmed ?? 0;
    return n;
  }

  has(id) { return this.charts.has(id); }

  /** Whether a plot waits for the running network to have its neuron or population. */
  isPending(id) { return this.pending.has(id); }

  /** Whether the running network's layout lacks the item of a neuron's ("ID") or a population's ("p:NAME") plot. */
  notRunningYet(id) {
    if (!this.layout) return true;
    if (id.startsWith("p:")) return !this.layout.populations.some((p) => p.name === id.slice(2));
    if (id.startsWith("m:")) return false;
    return !this.layout.neurons.some((n) => n.id === id);
  }

  /** Adds or removes a plot; one asked for before the running network has its item waits for it (isPending). */
  toggle(id) {
    if (this.charts.has(id)) this.remove(id);
    else if (this.pending.delete(id)) { /* asked for twice before it ran: no longer wanted */ }
    else if (!this.add(id) && this.notRunningYet(id)) this.pending.add(id);
    return this.charts.has(id);
  }

  /** Forgets a plot, shown or waiting (its neuron or population was deleted). */
  forget(id) {
    this.pending.delete(id);
    this.remove(id);
  }

  /** A population's rate chart (key "p:NAME"): spikes per neuron per second between frames, from the frames' counts. */
  addRate(name) {
    const key = `p:${name}`;
    const info = this.layout?.populations.find((p) => p.name === name);
    if (!info || this.charts.has(key)) return false;
    const box = document.createElement("div");
    box.className = "chart";
    box.dataset.plot = key;
    const title = document.createElement("div");
    title.className = "title";
    title.textContent = `${name} (${info.count} neurons): population rate`;
    box.appendChild(title);
    this.container.appendChild(box);
    const width = Math.max(240, this.container.clientWidth - 16);
    const series = [{ label: "time (ms)" }, { label: "rate (Hz)", stroke: KIND_COLOURS[info.kind] ?? COLOURS[0], width: 1.5, points: { show: false } }];
    const axes = [{ label: "time (ms)", labelSize: 14, size: 34 }, { label: "Hz", labelSize: 14 }];
    const plot = new uPlot({ width, height: 160, series, axes, scales: { x: { time: false } }, legend: { live: false }, cursor: { drag: { x: false, y: false } } }, [[], []], box);
    this.charts.set(key, { plot, box, xs: [], ys: [[]], rate: { name, count: info.count, last: null }, dirty: true });
    this.emptyNote.hidden = true;
    return true;
  }

  toggleRate(name) { return this.toggle(`p:${name}`); }

  /** The plot key of a compartment's v: "m:TARGET[NEURON].NAME". */
  static compartmentKey(target, neuron, name) { return `m:${target}[${neuron}].${name}`; }

  /**
   * A compartment's v over time (a cell with a morphology, docs/spiking-multicompartment.md), from the frames' "cell"
   * samples: the watched cell's compartments, sampled as the traces are.
   */
  addCompartment(target, neuron, name) {
    const key = Plots.compartmentKey(target, neuron, name);
    if (this.charts.has(key)) return false;
    const box = document.createElement("div");
    box.className = "chart";
    box.dataset.plot = key;
    const title = document.createElement("div");
    title.className = "title";
    title.textContent = `${target}[${neuron}] compartment ${name}: v`;
    box.appendChild(title);
    this.container.appendChild(box);
    const width = Math.max(240, this.container.clientWidth - 16);
    const series = [{ label: "time (ms)" }, { label: `v[${name}] (mV)`, stroke: COLOURS[2], width: 1.5, points: { show: false } }];
    const axes = [{ label: "time (ms)", labelSize: 14, size: 34 }, { label: "mV", labelSize: 14 }];
    const plot = new uPlot({ width, height: 160, series, axes, scales: { x: { time: false } }, legend: { live: false }, cursor: { drag: { x: false, y: false } } }, [[], []], box);
    this.charts.set(key, { plot, box, xs: [], ys: [[]], cell: { target, neuron, name }, dirty: true });
    this.emptyNote.hidden = true;
    return true;
  }

  /** Appends a frame's samples of the watched cell to a compartment's chart (when that cell is the chart's). */
  ingestCell(c, frame) {
    const cell = frame.cell;
    if (!cell || cell.target !== c.cell.target || cell.neuron !== c.cell.neuron) return;
    const names = this.layout.morphologyCells?.find((m) => m.target === cell.target)?.compartments ?? [];
    const k = names.indexOf(c.cell.name);
    if (k < 0) return;
    const dt = this.layout.dtMs;
    for (let s = 0; s < cell.steps.length; s++) { c.xs.push(cell.steps[s] * dt); c.ys[0].push(cell.v[s][k]); }
    this.trim(c);
    if (cell.steps.length) c.dirty = true;
  }

  add(id) {
    if (id.startsWith("p:")) return this.addRate(id.slice(2));
    if (id.startsWith("m:")) {
      const m = /^m:(.*)\[(\d+)\]\.([^.]*)$/.exec(id);
      return m ? this.addCompartment(m[1], Number(m[2]), m[3]) : false;
    }
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
    const model = info.neuron.model;
    const shown = SHOWN[model] ?? [info.neuron.variables[0]];
    const series = [{ label: "time (ms)" }];
    info.neuron.variables.forEach((v) => series.push({ label: withUnit(v, unitOf(info.neuron, v)), stroke: COLOURS[series.length % COLOURS.length], width: 1.5, show: shown.includes(v), points: { show: false } }));
    const yUnit = [...new Set(shown.map((v) => unitOf(info.neuron, v)).filter(Boolean))].join(", ");
    const width = Math.max(240, this.container.clientWidth - 16);
    const axes = [{ label: "time (ms)", labelSize: 14, size: 34 }, { label: yUnit, labelSize: 14 }];
    const plot = new uPlot({ width, height: 160, series, axes, scales: { x: { time: false } }, legend: { live: false }, cursor: { drag: { x: false, y: false } } }, [[], ...info.neuron.variables.map(() => [])], box);
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

  /**
   * Appends a frame's trace samples and spikes. Every frame is ingested (painting draws only the newest), so no spike
   * is lost; the server's frame holds every spike since the last frame this page got (docs/studio.md, "The stream").
   */
  ingest(frame) {
    if (!this.layout) return;
    // The run went back to step 0 (a Reset): what the page holds is of the run before it, however the frames raced the click.
    if (frame.step < this.lastStep) this.clearData();
    this.lastStep = frame.step;
    const dt = this.layout.dtMs;
    this.nowMs = frame.step * dt;
    const { steps, rows } = frame.trace;
    for (const c of this.charts.values()) {
      if (c.rate) { this.ingestRate(c, frame); continue; }
      if (c.cell) { this.ingestCell(c, frame); continue; }
      for (let s = 0; s < steps.length; s++) {
        c.xs.push(steps[s] * dt);
        for (let v = 0; v < c.width; v++) c.ys[v].push(rows[s][c.offset + v]);
      }
      this.trim(c);
      if (steps.length) c.dirty = true;
    }
    // Samples the stream counted and did not send: the state plots' and the watched cell's (docs/studio.md, "The stream").
    const lost = (frame.trace.dropped ?? 0) + (frame.cell?.dropped ?? 0);
    this.traces.dropped += lost;
    const sp = frame.spikes;
    for (let k = 0; k < sp.rows.length; k++) { this.spikes.rows.push(sp.rows[k]); this.spikes.times.push(sp.steps[k] * dt); }
    this.spikes.dropped += sp.dropped ?? 0;
    if (this.spikes.rows.length > MAX_SPIKES) {
      const cut = this.spikes.rows.length - MAX_SPIKES;
      this.spikes.rows.splice(0, cut);
      this.spikes.times.splice(0, cut);
      this.spikes.trimmed += cut;
    }
    this.rasterDirty = true;
  }

  /**
   * What the page's raster and Spikes CSV lack, in a sentence, or "" when they hold every spike of the raster's rows since
   * the run started (or was reset or rebuilt): the oldest beyond the page's 60 000, and any the server counted as not sent.
   */
  spikesNote() {
    const { trimmed, dropped } = this.spikes;
    if (!trimmed && !dropped) return "";
    const n = (x) => x.toLocaleString("en-US");
    const parts = [];
    if (trimmed) parts.push(`the page keeps the last ${n(MAX_SPIKES)} spikes: ${n(trimmed)} earlier ones are not in the raster or the Spikes CSV`);
    const perFrame = this.layout?.maxSpikesPerFrame ?? 20000, backlog = this.layout?.maxSpikeBacklog ?? 100000;
    if (dropped) parts.push(`${n(dropped)} spikes were over the stream's limits (${n(perFrame)} a frame, ${n(backlog)} waiting for a slow page) and did not reach the page`);
    return `${parts.join("; ")}. The NWB export has the run's spikes.`;
  }

  /**
   * What the plots and the Traces CSV lack, in a sentence, or "" when they hold every sample since the run started (or
   * was reset or rebuilt, or the plot was added): the oldest beyond a plot's 4 000, and any the stream counted as not sent.
   */
  tracesNote() {
    const trimmed = this.trimmed(), dropped = this.traces.dropped;
    if (!trimmed && !dropped) return "";
    const n = (x) => x.toLocaleString("en-US");
    const parts = [];
    if (trimmed) parts.push(`a plot keeps its last ${n(MAX_POINTS)} samples: ${n(trimmed)} earlier ones are not in the plots or the Traces CSV`);
    const perFrame = this.layout?.maxTraceSamplesPerFrame ?? 4096, backlog = this.layout?.maxTraceBacklogValues ?? 262144;
    if (dropped) parts.push(`${n(dropped)} samples were over the stream's limits (${n(perFrame)} a frame, ${n(backlog)} values waiting for a slow page) and did not reach the page`);
    return `${parts.join("; ")}. neurosharp simulate's state.csv has the run's state.`;
  }

  /** One point a frame: the spikes since the last frame per neuron, per second of simulated time. */
  ingestRate(c, frame) {
    const p = frame.populations.find((x) => x.name === c.rate.name);
    if (!p) return;
    const last = c.rate.last;
    c.rate.last = { t: frame.timeMs, spikes: p.spikes };
    if (!last || frame.timeMs <= last.t || p.spikes < last.spikes) return;
    c.xs.push(frame.timeMs);
    c.ys[0].push(((p.spikes - last.spikes) / c.rate.count) / ((frame.timeMs - last.t) / 1000));
    this.trim(c);
    c.dirty = true;
  }

  /** The raster's spikes kept by the page as CSV: time, raster row, and the neuron (id, or population[index]). */
  spikesCsv() {
    const names = [];
    if (this.layout) {
      this.layout.neurons.forEach((n, k) => { names[k] = n.id; });
      for (const p of this.layout.populations) for (let r = 0; r < p.rasterRows; r++) names[p.rasterStart + r] = `${p.name}[${r}]`;
    }
    const note = this.spikesNote();
    // A capped record says so in its first line, so a CSV that lacks spikes is never taken for the whole run.
    const lines = note ? [`# ${note}`, "timeMs,row,neuron"] : ["timeMs,row,neuron"];
    const { rows, times } = this.spikes;
    for (let k = 0; k < rows.length; k++) lines.push(`${round(times[k])},${rows[k]},${csvField(names[rows[k]] ?? "")}`);
    return lines.join("\n") + "\n";
  }

  /** The plotted traces as CSV, one row a sample: time, the plot (neuron id or p:population), variable (with its unit), value. */
  tracesCsv() {
    const note = this.tracesNote();
    // As the Spikes CSV: a record that lacks samples says so in its first line.
    const lines = note ? [`# ${note}`, "timeMs,plot,variable,value"] : ["timeMs,plot,variable,value"];
    for (const [id, c] of this.charts) {
      const labels = c.plot.series.slice(1).map((s) => s.label);
      for (let i = 0; i < c.xs.length; i++) {
        for (let v = 0; v < c.ys.length; v++) lines.push(`${round(c.xs[i])},${csvField(id)},${csvField(labels[v])},${c.ys[v][i] ?? ""}`);
      }
    }
    return lines.join("\n") + "\n";
  }

  draw() {
    for (const c of this.charts.values()) {
      if (!c.dirty) continue;
      c.plot.setData([c.xs, ...c.ys]);
      c.dirty = false;
    }
    if (this.rasterDirty) this.drawRaster();
    if (this.traceNote) {
      const note = this.tracesNote();
      if (this.traceNote.textContent !== note) this.traceNote.textContent = note;
      this.traceNote.hidden = !note;
    }
  }

  drawRaster() {
    this.rasterDirty = false;
    if (this.rasterNote) {
      const note = this.spikesNote();
      if (this.rasterNote.textContent !== note) this.rasterNote.textContent = note;
      this.rasterNote.hidden = !note;
    }
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
    const rowKinds = this.rowKinds();
    // Row labels live in a gutter left of the dots, so they never cover a spike.
    ctx.font = "10px sans-serif";
    const labels = this.rowLabels(rowH);
    const gutter = labels.length ? Math.min(110, 6 + Math.max(...labels.map((l) => ctx.measureText(l.text).width))) : 0;
    this.gutter = gutter;
    const plotW = w - gutter - 4;
    ctx.fillStyle = "#f3f3ef";
    for (const p of this.layout.populations) ctx.fillRect(gutter, p.rasterStart * rowH, plotW + 4, p.rasterRows * rowH);
    const dot = Math.max(1.5, Math.min(4, rowH * 0.8));
    const { rows: rs, times } = this.spikes;
    for (let k = 0; k < rs.length; k++) {
      if (times[k] < start) continue;
      ctx.fillStyle = KIND_COLOURS[rowKinds[rs[k]]] ?? KIND_COLOURS.mixed;
      ctx.fillRect(gutter + ((times[k] - start) / windowMs) * plotW, rs[k] * rowH + (rowH - dot) / 2, dot, dot);
    }
    for (const l of labels) {
      ctx.fillStyle = KIND_COLOURS[l.kind] ?? "#555";
      ctx.fillText(l.text, 2, l.y);
    }
    ctx.fillStyle = "#777";
    ctx.fillText(`${start.toFixed(1)} ms`, gutter + 2, h - 2);
    const end = `${this.nowMs.toFixed(1)} ms`;
    ctx.fillText(end, w - ctx.measureText(end).width - 2, h - 2);
  }

  /** The kind (excitatory, inhibitory, mixed) of each raster row's neuron. */
  rowKinds() {
    const kinds = new Array(this.layout.rasterRows).fill("mixed");
    this.layout.neurons.forEach((n, k) => { kinds[k] = n.kind ?? "mixed"; });
    for (const p of this.layout.populations) for (let r = 0; r < p.rasterRows; r++) kinds[p.rasterStart + r] = p.kind ?? "mixed";
    return kinds;
  }

  /** The labels of the gutter: single neurons' ids when rows are tall enough, and each population's name, kind and rows shown. */
  rowLabels(rowH) {
    const labels = [];
    if (rowH >= 8 && this.layout.neurons.length <= 24) this.layout.neurons.forEach((n, k) => labels.push({ text: n.id, y: k * rowH + rowH * 0.75, kind: n.kind }));
    for (const p of this.layout.populations) {
      const tag = p.kind === "excitatory" ? " (E)" : p.kind === "inhibitory" ? " (I)" : "";
      const rowsShown = p.rasterRows < p.count ? ` ${p.rasterRows}/${p.count}` : "";
      labels.push({ text: `${p.name}${tag}${rowsShown}`, y: (p.rasterStart + p.rasterRows / 2) * rowH + 4, kind: p.kind });
    }
    return labels;
  }
}
