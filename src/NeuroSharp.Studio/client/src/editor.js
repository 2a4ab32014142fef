// The graph editor: draws the network document as SVG and turns pointer and keyboard input into
// document edits. Live state (phases, levels, transmitting links) is painted by live.js onto the
// elements drawn here, found by their data attributes.

const SVG = "http://www.w3.org/2000/svg";
const R = 22;

function el(name, attrs = {}, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

export class Editor {
  constructor(svg, doc, handlers) {
    this.svg = svg;
    this.doc = doc;
    this.handlers = handlers; // { select(key), message(text, isError), changed() }
    this.viewport = svg.querySelector("#viewport");
    this.linksLayer = svg.querySelector("#links");
    this.nodesLayer = svg.querySelector("#nodes");
    this.view = { x: 0, y: 0, k: 1 };
    this.selection = null;
    this.invalidKey = null;
    this.linkTool = false;
    this.linkSource = null;
    this.pointer = { x: 200, y: 150 };
    this.nodeElements = new Map();
    this.edgeElements = new Map();
    this.bind();
  }

  // ----- drawing -----

  render() {
    const net = this.doc.network;
    this.nodeElements.clear();
    this.edgeElements.clear();
    this.linksLayer.replaceChildren();
    this.nodesLayer.replaceChildren();
    const pos = new Map();
    for (const n of net.neurons ?? []) pos.set(n.id, { x: n.x ?? 0, y: n.y ?? 0, r: R });
    for (const p of net.populations ?? []) pos.set(p.name, { x: p.x ?? 0, y: p.y ?? 0, r: 38 });
    const pairs = new Set((net.links ?? []).map((l) => `${l.from}->${l.to}`));
    (net.links ?? []).forEach((l) => {
      const curved = pairs.has(`${l.to}->${l.from}`);
      const source = net.neurons.find((n) => n.id === l.from);
      const inhibitory = l.receptor === "inhibitory" || source?.kind === "inhibitory";
      this.drawEdge(`l:${l.from}->${l.to}`, pos.get(l.from), pos.get(l.to), curved, { "data-link": `${l.from}->${l.to}`, class: `link${inhibitory ? " inhibitory" : ""}` });
    });
    (net.projections ?? []).forEach((p, k) => {
      const curved = (net.projections ?? []).some((q) => q.source === p.target && q.target === p.source);
      this.drawEdge(`j:${k}`, pos.get(p.source), pos.get(p.target), curved, { "data-projection": `${p.source}->${p.target}`, class: `link projection${p.receptor === "inhibitory" ? " inhibitory" : ""}` });
    });
    // Current steps: a node each, with a dashed edge to the neuron or population it drives.
    (net.inputs ?? []).forEach((input, k) => {
      if (input.type !== "current") return;
      const at = { x: input.x ?? 0, y: input.y ?? 0, r: 24 };
      this.drawEdge(`c:${k}`, at, pos.get(input.target), false, { "data-current-edge": `${k}->${input.target}`, class: "link current" });
    });
    for (const n of net.neurons ?? []) this.drawNeuron(n);
    for (const p of net.populations ?? []) this.drawPopulation(p);
    (net.inputs ?? []).forEach((input, k) => { if (input.type === "current") this.drawCurrent(input, k); });
    this.paintSelection();
    this.applyView();
  }

  drawEdge(key, a, b, curved, attrs) {
    if (!a || !b) return;
    const g = el("g", { "data-key": key }, this.linksLayer);
    let d;
    if (a === b) {
      d = `M ${a.x - 8} ${a.y - a.r} C ${a.x - 40} ${a.y - a.r - 50}, ${a.x + 40} ${a.y - a.r - 50}, ${a.x + 8} ${a.y - a.r}`;
    } else {
      const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
      const ux = dx / len, uy = dy / len;
      const bend = curved ? 28 : 0;
      const mx = (a.x + b.x) / 2 - uy * bend, my = (a.y + b.y) / 2 + ux * bend;
      const sx = a.x + ux * a.r, sy = a.y + uy * a.r, ex = b.x - ux * (b.r + 2), ey = b.y - uy * (b.r + 2);
      d = curved ? `M ${sx} ${sy} Q ${mx} ${my} ${ex} ${ey}` : `M ${sx} ${sy} L ${ex} ${ey}`;
    }
    el("path", { d, class: "link-hit" }, g);
    const path = el("path", { d, ...attrs, "marker-end": "url(#arrow)", "data-transmissions": "0" }, g);
    this.edgeElements.set(key, path);
  }

  drawNeuron(n) {
    const key = `n:${n.id}`;
    const g = el("g", { class: "node neuron", "data-key": key, "data-id": n.id, "data-model": n.model, transform: `translate(${n.x ?? 0} ${n.y ?? 0})` }, this.nodesLayer);
    el("circle", { r: R + 5, class: "phase-ring" }, g);
    el("circle", { r: R, class: "body", fill: n.color ?? "#bbb" }, g);
    if (n.model === "transmitter") {
      // It activates when the activator plus the (negative) inhibitor collected last step exceeds the
      // threshold: one bar of that sum, full at the threshold, is what decides firing.
      el("rect", { x: R + 9, y: -R, width: 8, height: 2 * R, class: "bar-frame" }, g);
      el("rect", { x: R + 9, y: R, width: 8, height: 0, class: "bar net" }, g);
      el("line", { x1: R + 6, x2: R + 20, y1: -R, y2: -R, class: "threshold-mark" }, g);
    } else if (n.model !== "poisson" && n.model !== "spikeTimes") {
      el("rect", { x: R + 9, y: -R, width: 6, height: 2 * R, class: "bar-frame" }, g);
      el("rect", { x: R + 9, y: R, width: 6, height: 0, class: "bar activator" }, g);
    }
    const phase = el("text", { y: -R - 10, class: "phase" }, g);
    const label = el("text", { y: R + 16 }, g);
    label.textContent = n.label ? `${n.label}` : n.id;
    const model = el("text", { y: 4, class: "model" }, g);
    model.textContent = n.model === "transmitter" ? "T" : n.model === "poisson" ? "P" : n.model === "spikeTimes" ? "S" : n.model.slice(0, 3);
    this.nodeElements.set(key, { g, phase, kind: "neuron", model: n.model, bars: g.querySelectorAll(".bar") });
  }

  drawPopulation(p) {
    const key = `p:${p.name}`;
    const g = el("g", { class: "node population", "data-key": key, "data-id": p.name, transform: `translate(${p.x ?? 0} ${p.y ?? 0})` }, this.nodesLayer);
    el("rect", { x: -38, y: -30, width: 76, height: 60, rx: 12, class: "body", fill: p.color ?? "#bbb" }, g);
    const t = el("text", { y: -2 }, g);
    t.textContent = p.name;
    const c = el("text", { y: 12, class: "model" }, g);
    c.textContent = `${p.count} × ${p.model}`;
    // Long names ("800 × izhikevich") widen the box instead of running out of it.
    const widest = Math.max(t.getComputedTextLength?.() ?? 0, c.getComputedTextLength?.() ?? 0);
    if (widest + 12 > 76) {
      const body = g.querySelector("rect.body");
      body.setAttribute("width", String(Math.ceil(widest + 12)));
      body.setAttribute("x", String(-Math.ceil(widest + 12) / 2));
    }
    const rate = el("text", { y: 46, class: "phase" }, g);
    this.nodeElements.set(key, { g, phase: rate, kind: "population" });
  }

  /** A current step: a box with the step's shape, its amplitude and its on/off times. */
  drawCurrent(input, k) {
    const key = `c:${k}`;
    const g = el("g", { class: "node current", "data-key": key, "data-current": String(k), "data-target": input.target, transform: `translate(${input.x ?? 0} ${input.y ?? 0})` }, this.nodesLayer);
    el("rect", { x: -26, y: -20, width: 52, height: 40, rx: 4, class: "body" }, g);
    el("path", { d: "M -18 8 L -8 8 L -8 -10 L 8 -10 L 8 8 L 18 8", class: "step-icon" }, g);
    const amplitude = el("text", { y: 34 }, g);
    amplitude.textContent = `I = ${input.amplitude ?? 0}`;
    const span = el("text", { y: 46, class: "phase" }, g);
    span.textContent = `${input.startMs ?? 0}–${input.stopMs ?? "∞"} ms`;
    this.nodeElements.set(key, { g, phase: span, kind: "current" });
  }

  /** Marks the node or edge an error names (null: none). */
  setInvalid(key) {
    this.invalidKey = key;
    this.paintSelection();
  }

  paintSelection() {
    for (const [key, path] of this.edgeElements) path.classList.toggle("invalid", key === this.invalidKey);
    for (const [key, e] of this.nodeElements) {
      e.g.classList.toggle("invalid", key === this.invalidKey);
      e.g.classList.toggle("selected", key === this.selection);
      e.g.classList.toggle("link-source", key === this.linkSource);
    }
    for (const [key, path] of this.edgeElements) path.classList.toggle("selected", key === this.selection);
    this.svg.classList.toggle("linking", this.linkTool);
  }

  select(key) {
    this.selection = key;
    this.paintSelection();
    this.handlers.select(key);
  }

  setLinkTool(on) {
    this.linkTool = on;
    this.linkSource = null;
    this.paintSelection();
    this.handlers.linkTool?.(on);
  }

  // ----- view -----

  applyView() {
    this.viewport.setAttribute("transform", `translate(${this.view.x} ${this.view.y}) scale(${this.view.k})`);
  }

  toWorld(clientX, clientY) {
    const r = this.svg.getBoundingClientRect();
    return { x: (clientX - r.left - this.view.x) / this.view.k, y: (clientY - r.top - this.view.y) / this.view.k };
  }

  zoom(factor, clientX, clientY) {
    const r = this.svg.getBoundingClientRect();
    const cx = clientX ?? r.left + r.width / 2, cy = clientY ?? r.top + r.height / 2;
    const before = this.toWorld(cx, cy);
    this.view.k = Math.min(8, Math.max(0.1, this.view.k * factor));
    this.view.x = cx - r.left - before.x * this.view.k;
    this.view.y = cy - r.top - before.y * this.view.k;
    this.applyView();
  }

  fit() {
    const net = this.doc.network;
    const pts = [...(net.neurons ?? []), ...(net.populations ?? []), ...(net.inputs ?? []).filter((i) => i.type === "current")].map((n) => ({ x: n.x ?? 0, y: n.y ?? 0 }));
    const r = this.svg.getBoundingClientRect();
    if (!pts.length || !r.width) { this.view = { x: 0, y: 0, k: 1 }; this.applyView(); return; }
    const minX = Math.min(...pts.map((p) => p.x)) - 80, maxX = Math.max(...pts.map((p) => p.x)) + 80;
    const minY = Math.min(...pts.map((p) => p.y)) - 80, maxY = Math.max(...pts.map((p) => p.y)) + 80;
    const k = Math.min(1.5, r.width / (maxX - minX), r.height / (maxY - minY));
    this.view = { k, x: (r.width - (maxX + minX) * k) / 2, y: (r.height - (maxY + minY) * k) / 2 };
    this.applyView();
  }

  centre() {
    const r = this.svg.getBoundingClientRect();
    return this.toWorld(r.left + r.width / 2, r.top + r.height / 2);
  }

  // ----- input -----

  keyOf(target) {
    const g = target.closest?.("[data-key]");
    return g ? g.getAttribute("data-key") : null;
  }

  bind() {
    const svg = this.svg;
    let drag = null;
    svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      svg.focus();
      const key = this.keyOf(e.target);
      const world = this.toWorld(e.clientX, e.clientY);
      if (key && (key.startsWith("n:") || key.startsWith("p:") || key.startsWith("c:"))) {
        if (this.linkTool) {
          if (!this.linkSource) { this.linkSource = key; this.paintSelection(); }
          else { this.toggleEdge(this.linkSource, key); this.linkSource = null; this.paintSelection(); }
          return;
        }
        if (e.shiftKey && this.selection && (this.selection.startsWith("n:") || this.selection.startsWith("p:") || this.selection.startsWith("c:"))) {
          this.toggleEdge(this.selection, key);
          return;
        }
        this.select(key);
        const node = this.doc.node(key).item;
        drag = { kind: "node", key, before: JSON.stringify(this.doc.network), dx: world.x - (node.x ?? 0), dy: world.y - (node.y ?? 0), moved: false };
      } else if (key) {
        this.select(key);
      } else {
        drag = { kind: "pan", sx: e.clientX, sy: e.clientY, vx: this.view.x, vy: this.view.y, moved: false };
      }
      svg.setPointerCapture(e.pointerId);
    });
    svg.addEventListener("pointermove", (e) => {
      this.pointer = this.toWorld(e.clientX, e.clientY);
      if (!drag) return;
      if (drag.kind === "pan") {
        const dx = e.clientX - drag.sx, dy = e.clientY - drag.sy;
        if (!drag.moved && Math.hypot(dx, dy) < 3) return;
        drag.moved = true;
        svg.classList.add("panning");
        this.view.x = drag.vx + dx;
        this.view.y = drag.vy + dy;
        this.applyView();
      } else {
        const node = this.doc.node(drag.key)?.item;
        if (!node) return;
        const x = Math.round(this.pointer.x - drag.dx), y = Math.round(this.pointer.y - drag.dy);
        if (!drag.moved && Math.hypot(x - (node.x ?? 0), y - (node.y ?? 0)) < 2) return;
        drag.moved = true;
        node.x = x;
        node.y = y;
        this.render();
        this.handlers.moved?.();
      }
    });
    const end = (e) => {
      if (!drag) return;
      if (drag.kind === "pan" && !drag.moved) this.select(null);
      if (drag.kind === "node" && drag.moved) this.doc.commitGesture(drag.before);
      svg.classList.remove("panning");
      drag = null;
      if (svg.hasPointerCapture?.(e.pointerId)) svg.releasePointerCapture(e.pointerId);
    };
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    svg.addEventListener("dblclick", (e) => {
      if (this.keyOf(e.target)) return;
      const w = this.toWorld(e.clientX, e.clientY);
      this.handlers.addNeuronAt(w.x, w.y);
    });
    svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      this.zoom(Math.exp(-e.deltaY * 0.0015), e.clientX, e.clientY);
    }, { passive: false });
  }

  toggleEdge(fromKey, toKey) {
    const problem = this.doc.toggleEdge(fromKey, toKey);
    if (problem) this.handlers.message(problem, true);
  }
}
