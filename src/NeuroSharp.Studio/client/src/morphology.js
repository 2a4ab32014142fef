// The morphology view (docs/studio.md, "The morphology view"): a multi-compartment hh cell's tree drawn in 2D as a
// dendrogram of its compartments' lengths (the network file has no 3D points), each compartment coloured by its v as the
// run streams (the frames' "cell": the watched neuron only), with a legend in mV. Hover shows a compartment's name, length,
// diameter and v; a click plots its v over time.

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 296;
const PAD = 8;

/** The colour scale: v in mV to a colour (blue at rest, through yellow, to red at the peak of a spike). */
export const V_STOPS = [[-80, [44, 123, 182]], [-60, [171, 217, 233]], [-30, [255, 255, 191]], [0, [253, 174, 97]], [40, [215, 25, 28]]];

export function vColour(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return "#bbb";
  const s = V_STOPS;
  if (v <= s[0][0]) return rgb(s[0][1]);
  for (let k = 1; k < s.length; k++) {
    if (v <= s[k][0]) {
      const f = (v - s[k - 1][0]) / (s[k][0] - s[k - 1][0]);
      return rgb(s[k - 1][1].map((c, i) => c + f * (s[k][1][i] - c)));
    }
  }
  return rgb(s[s.length - 1][1]);
}

function rgb(c) { return `rgb(${c.map((x) => Math.round(x)).join(",")})`; }

function el(tag, attrs = {}) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/**
 * A dendrogram of the tree: x is the path length from the root's proximal end, y the order of the leaves (a parent sits at
 * the mean of its children's rows). Returns one segment per compartment, in the file's order, and the size of the drawing.
 */
export function dendrogram(compartments) {
  const index = new Map(compartments.map((c, k) => [c.name, k]));
  const parent = compartments.map((c) => (c.parent !== undefined && c.parent !== null && index.has(c.parent) ? index.get(c.parent) : -1));
  const children = compartments.map(() => []);
  parent.forEach((p, k) => { if (p >= 0) children[p].push(k); });
  const start = new Array(compartments.length).fill(0);
  for (let k = 0; k < compartments.length; k++) if (parent[k] >= 0) start[k] = start[parent[k]] + compartments[parent[k]].lengthUm;
  const row = new Array(compartments.length).fill(0);
  let leaves = 0;
  // Iterative post-order (a cell may have thousands of compartments in a chain).
  const roots = parent.map((p, k) => (p < 0 ? k : -1)).filter((k) => k >= 0);
  for (const root of roots) {
    const stack = [[root, 0]];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [k, next] = top;
      if (next < children[k].length) { top[1]++; stack.push([children[k][next], 0]); continue; }
      stack.pop();
      if (!children[k].length) row[k] = leaves++;
      else row[k] = children[k].reduce((s, c) => s + row[c], 0) / children[k].length;
    }
  }
  const length = Math.max(1e-9, ...compartments.map((c, k) => start[k] + c.lengthUm));
  return {
    segments: compartments.map((c, k) => ({ name: c.name, k, parent: parent[k], x0: start[k], x1: start[k] + c.lengthUm, y: row[k], lengthUm: c.lengthUm, diameterUm: c.diameterUm })),
    length, rows: Math.max(1, leaves),
  };
}

export class MorphologyView {
  /**
   * @param {object} opts { target, count, morphology, watched: {target, neuron} | null, watch(neuron), plot(name), isPlotted(name) }
   */
  constructor(opts) {
    this.opts = opts;
    this.root = document.createElement("div");
    this.root.className = "morphology";
    this.root.dataset.morphology = opts.target;
    this.lines = new Map();
    this.values = null;
    this.hovered = null;
    this.build();
  }

  build() {
    const { target, count, morphology } = this.opts;
    const compartments = morphology.compartments ?? [];
    const head = document.createElement("div");
    head.className = "morph-head";
    head.append(`${compartments.length} compartments`);
    if (count > 1) {
      const label = document.createElement("label");
      label.textContent = " cell ";
      const chooser = document.createElement("input");
      Object.assign(chooser, { type: "number", min: 0, max: count - 1, step: 1, value: String(this.opts.watched?.target === target ? this.opts.watched.neuron : 0) });
      chooser.dataset.field = "cell";
      chooser.title = `Which cell of ${target} the view shows (0 to ${count - 1})`;
      chooser.onchange = () => {
        const n = Math.round(Number(chooser.value));
        if (!(n >= 0 && n < count)) { chooser.value = "0"; return; }
        this.opts.watch(n);
      };
      label.append(chooser, ` of ${count}`);
      head.append(label);
    }
    const { segments, length, rows } = dendrogram(compartments);
    const rowH = rows > 1 ? Math.max(4, Math.min(16, 220 / rows)) : 16;
    const thickest = rows > 1 ? Math.max(1.5, Math.min(12, rowH * 0.8)) : 14;
    const height = PAD * 2 + (rows - 1) * rowH + thickest;
    const sx = (WIDTH - 2 * PAD) / length;
    const maxD = Math.max(...compartments.map((c) => c.diameterUm), 1e-9);
    const svg = el("svg", { width: WIDTH, height, viewBox: `0 0 ${WIDTH} ${height}`, class: "morph-svg", role: "img", "aria-label": `${target}: its compartments coloured by v` });
    const y = (r) => PAD + thickest / 2 + r * rowH;
    // Connectors from a parent's distal end to each child's row.
    for (const s of segments) {
      if (s.parent < 0) continue;
      const p = segments[s.parent];
      if (p.y !== s.y) svg.append(el("line", { x1: PAD + s.x0 * sx, y1: y(p.y), x2: PAD + s.x0 * sx, y2: y(s.y), class: "morph-joint" }));
    }
    for (const s of segments) {
      const w = Math.max(1.5, thickest * Math.sqrt(s.diameterUm / maxD));
      // A rectangle as thick as the compartment (scaled), from its proximal to its distal end, filled with the colour of its v.
      const line = el("rect", { x: PAD + s.x0 * sx, y: y(s.y) - w / 2, width: Math.max((s.x1 - s.x0) * sx, 0.5), height: w, class: "morph-seg", fill: "#bbb" });
      line.dataset.compartment = s.name;
      line.dataset.lengthUm = String(s.lengthUm);
      line.dataset.diameterUm = String(s.diameterUm);
      line.addEventListener("mouseenter", () => { this.hovered = s; this.showTip(); });
      line.addEventListener("mouseleave", () => { if (this.hovered === s) { this.hovered = null; this.showTip(); } });
      line.addEventListener("click", () => this.opts.plot(s.name));
      this.lines.set(s.name, { line, s });
      svg.append(line);
    }
    this.svg = svg;
    this.tip = document.createElement("div");
    this.tip.className = "morph-tip muted small";
    this.tip.textContent = "Hover a compartment for its v; click it to plot v over time.";
    this.root.append(head, svg, this.legend(), this.tip);
  }

  legend() {
    const box = document.createElement("div");
    box.className = "morph-legend";
    const lo = V_STOPS[0][0], hi = V_STOPS[V_STOPS.length - 1][0];
    const stops = V_STOPS.map(([v, c]) => `${rgb(c)} ${(((v - lo) / (hi - lo)) * 100).toFixed(0)}%`).join(", ");
    const bar = document.createElement("div");
    bar.className = "morph-scale";
    bar.style.background = `linear-gradient(to right, ${stops})`;
    const ticks = document.createElement("div");
    ticks.className = "morph-ticks";
    for (const [v] of V_STOPS) { const t = document.createElement("span"); t.textContent = String(v); ticks.append(t); }
    const unit = document.createElement("span");
    unit.className = "morph-unit";
    unit.textContent = "mV";
    ticks.append(unit);
    const title = document.createElement("div");
    title.className = "morph-legend-title";
    title.textContent = "v (mV) of each compartment";
    box.append(title, bar, ticks);
    return box;
  }

  showTip() {
    const s = this.hovered;
    if (!s) { this.tip.dataset.hover = ""; this.tip.textContent = "Hover a compartment for its v; click it to plot v over time."; return; }
    const k = this.names ? this.names.indexOf(s.name) : -1;
    const v = k >= 0 && this.values ? this.values[k] : null;
    this.tip.dataset.hover = s.name;
    this.tip.textContent = `${s.name}: length ${s.lengthUm} µm, diameter ${s.diameterUm} µm, v ${v === null || v === undefined ? "–" : `${v.toFixed(2)} mV`}`;
  }

  /** Colours the compartments from a frame's cell (names: the compartments in the frames' order). */
  paint(cell, names, step) {
    if (!cell || cell.target !== this.opts.target) return;
    this.values = cell.now;
    this.names = names;
    for (let k = 0; k < names.length; k++) {
      const e = this.lines.get(names[k]);
      if (!e) continue;
      const v = cell.now[k];
      e.line.setAttribute("fill", vColour(v));
      e.line.dataset.v = v === null ? "" : String(v);
    }
    this.svg.dataset.step = String(step);
    this.svg.dataset.neuron = String(cell.neuron);
    if (this.hovered) this.showTip();
  }
}
