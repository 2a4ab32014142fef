// The side panel: edits the selected neuron, population, link or projection, or the network itself.
// Every change is one document edit (undoable); a live readout shows the selected neuron's state.
import { PALETTE } from "./model.js";
import { MorphologyView } from "./morphology.js";

function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "text") e.textContent = v;
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) e.append(c);
  return e;
}

function row(label, input) { return h("div", { class: "row" }, h("label", { text: label, title: label }), input); }

export class Panel {
  constructor(root, ctx) {
    this.root = root;
    this.ctx = ctx; // { doc, models, plots, message(text, isError), togglePlot(id) }
    this.key = null;
    this.readoutBox = null;
  }

  get doc() { return this.ctx.doc; }

  show(key) {
    this.key = key;
    this.render();
  }

  render() {
    this.readoutBox = null;
    this.morphView = null;
    const key = this.key;
    const node = this.doc.node(key);
    let content;
    if (node?.kind === "neuron") content = this.neuronPanel(node.item);
    else if (node?.kind === "population") content = this.populationPanel(node.item);
    else if (node?.kind === "current") content = this.currentPanel(Number(key.slice(2)));
    else if (key?.startsWith("l:")) content = this.linkPanel(key);
    else if (key?.startsWith("j:")) content = this.projectionPanel(Number(key.slice(2)));
    else content = this.networkPanel();
    this.root.replaceChildren(...content);
    this.markInvalid(this.ctx.invalid?.());
    const latest = this.ctx.latestFrame?.();
    if (latest) this.paintCell(latest);
  }

  /** Outlines the field an error names when its element is shown ({key, field, isParam}; null clears). */
  markInvalid(target) {
    for (const e of this.root.querySelectorAll(".invalid")) e.classList.remove("invalid");
    if (!target?.field || (target.key ?? null) !== (this.key ?? null)) return;
    // A parameter's path (channels[1].gates[0].power) outlines its own field, or the nearest enclosing one shown (equations[2]: the
    // equations box; channels[0].gates[1].states: the gate's block).
    let path = target.field;
    let fields = [];
    while (path) {
      const esc = CSS.escape(path);
      fields = target.isParam
        ? this.root.querySelectorAll(`[data-param="${esc}"], [data-param^="${esc}["], [data-param^="${esc}."]`)
        : this.root.querySelectorAll(`[data-field="${esc}"]`);
      if (fields.length || !target.isParam) break;
      const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
      if (cut <= 0) break;
      path = path.slice(0, cut);
    }
    for (const e of fields) e.classList.add("invalid");
  }

  edit(fn) { this.doc.edit(fn); }

  numberInput(value, onChange, attrs = {}) {
    return h("input", { type: "number", step: "any", value: value ?? "", ...attrs, onchange: (e) => {
      const v = e.target.value === "" ? null : Number(e.target.value);
      if (v !== null && !Number.isFinite(v)) { this.ctx.message("Give a finite number.", true); return; }
      onChange(v);
    } });
  }

  textInput(value, onChange, attrs = {}) {
    return h("input", { type: "text", value: value ?? "", ...attrs, onchange: (e) => onChange(e.target.value) });
  }

  select(options, value, onChange, attrs = {}) {
    const s = h("select", { ...attrs, onchange: (e) => onChange(e.target.value) });
    for (const o of options) s.append(h("option", { value: o, text: o, selected: o === value }));
    return s;
  }

  colourRow(item) {
    const input = h("input", { type: "color", value: item.color ?? "#bbbbbb", "data-field": "color", onchange: (e) => this.setColour(item, e.target.value) });
    const swatches = h("div", { class: "swatches" });
    for (const c of PALETTE) swatches.append(h("button", { class: "swatch", style: `background:${c}`, title: c, "data-color": c, onclick: () => this.setColour(item, c) }));
    return row("colour", h("div", {}, input, swatches));
  }

  setColour(item, colour) {
    const find = (net) => item.id !== undefined ? net.neurons.find((n) => n.id === item.id) : net.populations.find((p) => p.name === item.name);
    this.edit((net) => { find(net).color = colour; });
  }

  /** The parameters in force: the preset's (when the item names one) overridden by its own "params". */
  effectiveParams(owner) {
    const model = this.ctx.models.find((m) => m.name === owner.model);
    const preset = owner.preset ? model?.presets.find((p) => p.name === owner.preset)?.params : null;
    return { ...(preset ?? {}), ...(owner.params ?? {}) };
  }

  paramsRows(owner, find) {
    const rows = [];
    const params = this.effectiveParams(owner);
    const set = (name, value) => this.edit((net) => { const x = find(net); x.params ??= {}; x.params[name] = value; });
    if (owner.model === "equations") return this.equationsRows(params, set);
    if (owner.model === "hh") return this.hhRows(owner, params, set);
    for (const [name, value] of Object.entries(params)) {
      if (typeof value === "number") {
        rows.push(row(name, this.numberInput(value, (v) => { if (v !== null) set(name, v); }, { "data-param": name })));
      } else if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "number")) {
        const pair = h("div", { style: "display:flex;gap:4px" },
          this.numberInput(value[0], (v) => { if (v !== null) set(name, [v, value[1]]); }, { "data-param": `${name}[0]`, title: "activator" }),
          this.numberInput(value[1], (v) => { if (v !== null) set(name, [value[0], v]); }, { "data-param": `${name}[1]`, title: "inhibitor" }));
        rows.push(row(name, pair));
      } else {
        rows.push(row(name, this.textInput(JSON.stringify(value), (text) => {
          try { set(name, JSON.parse(text)); }
          catch { this.ctx.message(`${name}: not valid JSON.`, true); }
        }, { "data-param": name })));
      }
    }
    return rows;
  }

  /**
   * A model written as equations (docs/spiking-equations.md): its parameters and initial values as numbers, its
   * equations and reset as text, one statement a line, its threshold, refractory period and method; the engine
   * checks the text when the network is sent, and its sentence shows at the top left.
   */
  equationsRows(params, set) {
    const rows = [];
    const lines = (text) => text.split("\n").map((l) => l.trim()).filter(Boolean);
    const numbers = (field, title) => {
      const values = params[field] ?? {};
      rows.push(h("h4", { text: title }));
      for (const [name, value] of Object.entries(values)) {
        rows.push(row(name, this.numberInput(value, (v) => { if (v !== null) set(field, { ...values, [name]: v }); }, { "data-param": `${field}.${name}` })));
      }
    };
    const area = (field, rowsShown) => {
      const e = h("textarea", { rows: rowsShown, spellcheck: "false", class: "equations", "data-param": field, onchange: (ev) => set(field, lines(ev.target.value)) });
      e.value = (params[field] ?? []).join("\n");
      return e;
    };
    numbers("parameters", "Parameters");
    numbers("variables", "Initial values");
    rows.push(h("h4", { text: "Equations (one a line)" }), area("equations", Math.max(2, (params.equations?.length ?? 0) + 1)));
    rows.push(row("threshold", this.textInput(params.threshold, (v) => set("threshold", v.trim() || undefined), { "data-param": "threshold", placeholder: "none: never spikes" })));
    rows.push(h("h4", { text: "Reset (one a line)" }), area("reset", Math.max(1, (params.reset?.length ?? 0))));
    rows.push(row("refractoryMs", this.numberInput(params.refractoryMs ?? 0, (v) => set("refractoryMs", v ?? undefined), { min: 0, "data-param": "refractoryMs" })));
    rows.push(row("method", this.select(["euler", "rk4"], params.method ?? "euler", (v) => set("method", v), { "data-param": "method" })));
    // The synaptic inputs: for each receptor, the state variable a spike adds to and the sign its weight is multiplied by.
    // A name is free text (offered from the variables) so that a wrong one gets the engine's sentence.
    const inputs = params.inputs ?? {};
    const setInput = (key, value) => {
      const next = { ...inputs };
      if (value === undefined || value === null || value === "") delete next[key]; else next[key] = value;
      set("inputs", Object.keys(next).length ? next : undefined);
    };
    const listId = `eq-vars-${Math.random().toString(36).slice(2)}`;
    rows.push(h("h4", { text: "Synaptic inputs" }));
    rows.push(h("datalist", { id: listId }, ...Object.keys(params.variables ?? {}).map((v) => h("option", { value: v }))));
    for (const receptor of ["excitatory", "inhibitory"]) {
      rows.push(row(`${receptor} adds to`, this.textInput(inputs[receptor] ?? "", (v) => setInput(receptor, v.trim()),
        { "data-param": `inputs.${receptor}`, list: listId, placeholder: "none: no input" })));
      rows.push(row(`${receptor} sign`, this.numberInput(inputs[`${receptor}Sign`] ?? 1, (v) => setInput(`${receptor}Sign`, v === 1 ? undefined : v),
        { "data-param": `inputs.${receptor}Sign`, title: "the weight is multiplied by this before it is added" })));
    }
    for (const [name, value] of Object.entries(params)) {
      if (["parameters", "variables", "equations", "threshold", "reset", "refractoryMs", "method", "inputs"].includes(name)) continue;
      rows.push(row(name, this.textInput(JSON.stringify(value), (text) => {
        try { set(name, JSON.parse(text)); } catch { this.ctx.message(`${name}: not valid JSON.`, true); }
      }, { "data-param": name })));
    }
    rows.push(h("p", { class: "muted small", text: "Names: the parameters, the variables, t, dt and I (the current inputs); functions exp, log, sqrt, abs, ... (docs/spiking-equations.md). A change rebuilds the run." }));
    return rows;
  }

  /**
   * A Hodgkin-Huxley model (docs/spiking-hh.md): its numbers as fields, its ion channels as a table (name, g, E, gates with
   * their powers) and each gate's rate functions field by field (form, rate, midpoint, scale; an expression shown as text);
   * with a morphology (docs/spiking-multicompartment.md) the channel densities as a table and the morphology view. Kinetic
   * schemes, concentration pools and ports are shown read-only here and edited under "All fields as JSON".
   */
  hhRows(owner, params, set) {
    const rows = [];
    for (const [name, value] of Object.entries(params)) {
      if (typeof value === "number") rows.push(row(name, this.numberInput(value, (v) => { if (v !== null) set(name, v); }, { "data-param": name })));
    }
    const channels = params.channels ?? [];
    const editChannels = (fn) => { const next = structuredClone(channels); fn(next); set("channels", next); };
    const morphology = params.morphology;
    rows.push(h("h4", { text: "Ion channels" }));
    if (morphology) rows.push(h("p", { class: "muted small", text: "With a morphology g is not used: the densities below give each compartment its conductance." }));
    const table = h("table", { class: "channels", "data-table": "channels" },
      h("tr", {}, h("th", { text: "name" }), h("th", { text: "g (nS)" }), h("th", { text: "E (mV)" }), h("th", { text: "gates" })));
    channels.forEach((c, i) => {
      const gates = (c.gates ?? []).map((g) => `${g.name}${g.power > 1 ? superscript(g.power) : ""}`).join(" ") || "–";
      const g = c.conductanceNs !== undefined
        ? this.numberInput(c.conductanceNs, (v) => { if (v !== null) editChannels((x) => { x[i].conductanceNs = v; }); }, { "data-param": `channels[${i}].conductanceNs`, title: `${c.name}: g in nS` })
        : h("span", { class: "muted", text: c.permeabilityUm3PerS !== undefined ? `P ${c.permeabilityUm3PerS}` : "–" });
      const e = typeof c.reversalMv === "number"
        ? this.numberInput(c.reversalMv, (v) => { if (v !== null) editChannels((x) => { x[i].reversalMv = v; }); }, { "data-param": `channels[${i}].reversalMv`, title: `${c.name}: reversal potential in mV` })
        : h("span", { class: "muted", text: String(c.reversal ?? c.reversalMv ?? "–") });
      table.append(h("tr", { "data-channel": c.name }, h("td", { text: c.name }), h("td", {}, g), h("td", {}, e), h("td", { text: gates })));
    });
    rows.push(table);
    channels.forEach((c, i) => {
      if (!c.gates?.length) return;
      // Open stays open across the panel's re-renders (every edit re-renders it).
      this.openGates ??= new Set();
      const box = h("details", { class: "gates", "data-channel-gates": c.name, open: this.openGates.has(c.name),
        ontoggle: (ev) => { if (ev.target.open) this.openGates.add(c.name); else this.openGates.delete(c.name); } },
      h("summary", { text: `${c.name}: gates and rates` }));
      c.gates.forEach((gate, j) => box.append(this.gateBlock(gate, `channels[${i}].gates[${j}]`, (fn) => editChannels((x) => fn(x[i].gates[j])))));
      rows.push(box);
    });
    if (morphology) {
      const densities = morphology.densities ?? [];
      rows.push(h("h4", { text: "Channel densities (mS/cm²)" }));
      const dt = h("table", { class: "channels", "data-table": "densities" }, h("tr", {}, h("th", { text: "channel" }), h("th", { text: "group" }), h("th", { text: "mS/cm²" })));
      densities.forEach((d, k) => dt.append(h("tr", {}, h("td", { text: d.channel }), h("td", { text: d.group }), h("td", {},
        this.numberInput(d.conductanceMsPerCm2, (v) => {
          if (v === null) return;
          const next = structuredClone(morphology);
          next.densities[k].conductanceMsPerCm2 = v;
          set("morphology", next);
        }, { "data-param": `morphology.densities[${k}].conductanceMsPerCm2`, title: `${d.channel} on ${d.group}` })))));
      rows.push(dt);
      rows.push(...this.morphologySection(owner, morphology));
    }
    if (params.concentrations?.length) {
      rows.push(h("h4", { text: "Concentration pools (read-only here)" }));
      for (const pool of params.concentrations) rows.push(h("div", { class: "muted small", "data-pool": pool.ion, text: `${pool.ion}: ${pool.model ?? ""}${pool.initialMm !== undefined ? `, initial ${pool.initialMm} mM` : ""}` }));
    }
    // Everything that is not a number stays editable as JSON, as before (kinetic schemes, pools, ports, the morphology).
    const json = h("details", { class: "all-json" }, h("summary", { text: "All fields as JSON" }));
    for (const [name, value] of Object.entries(params)) {
      if (typeof value === "number") continue;
      const area = h("textarea", { rows: 4, spellcheck: "false", "data-param": name, onchange: (ev) => {
        try { set(name, JSON.parse(ev.target.value)); } catch { this.ctx.message(`${name}: not valid JSON.`, true); }
      } });
      area.value = JSON.stringify(value, null, 1);
      json.append(h("div", { class: "small" }, name), area);
    }
    rows.push(json);
    return rows;
  }

  /** One gate: its power (editable), its kinetics, and each rate function's form and numbers (an expression or a kinetic scheme read-only). */
  gateBlock(gate, path, edit) {
    const box = h("div", { class: "gate", "data-gate": gate.name, "data-param": `${path}` });
    const kinetics = gate.kinetics ?? "rates";
    box.append(h("div", { class: "gate-head" }, h("strong", { text: gate.name }), " power ",
      this.numberInput(gate.power ?? 1, (v) => { if (v !== null) edit((g) => { g.power = v; }); }, { "data-param": `${path}.power`, min: 1, step: 1, class: "narrow" }),
      h("span", { class: "muted small", text: ` ${kinetics}` })));
    if (kinetics === "kineticScheme") {
      box.append(h("div", { class: "muted small", text: `A kinetic scheme of ${gate.states?.length ?? "?"} states and ${gate.transitions?.length ?? "?"} transitions: edit it under "All fields as JSON".` }));
      return box;
    }
    for (const fn of ["alpha", "beta", "tau", "inf"]) {
      const f = gate[fn];
      if (!f) continue;
      const at = `${path}.${fn}`;
      const line = h("div", { class: "rate", "data-function": fn }, h("span", { class: "fn", text: fn }));
      if (f.form === "expression" || !FORMS.includes(f.form)) {
        line.append(h("code", { class: "expression", title: "an expression: edit it under All fields as JSON", text: describe(f) }));
      } else {
        line.append(this.select(FORMS, f.form, (v) => edit((g) => {
          g[fn].form = v;
          if (v !== "constant") { g[fn].midpointMv ??= 0; g[fn].scaleMv ??= 10; }
          else { delete g[fn].midpointMv; delete g[fn].scaleMv; }
        }), { "data-param": `${at}.form` }));
        const num = (field, title) => this.numberInput(f[field], (v) => { if (v !== null) edit((g) => { g[fn][field] = v; }); }, { "data-param": `${at}.${field}`, title, class: "narrow" });
        line.append(num("rate", "rate"));
        if (f.form !== "constant") line.append(num("midpointMv", "midpoint (mV)"), num("scaleMv", "scale (mV)"));
      }
      box.append(line);
    }
    return box;
  }

  /** The morphology view of a cell (the watched cell's compartments coloured by v), with its chooser for a population. */
  morphologySection(owner, morphology) {
    const target = owner.id ?? owner.name;
    const count = owner.id !== undefined ? 1 : owner.count ?? 1;
    const watched = this.ctx.watched?.();
    // The cell last chosen for this target stays chosen until the frames carry it: a choice made before the running
    // network has the target (it is rebuilt a moment after a load or an edit) is sent again by ensureWatched.
    const chosen = this.chosenCell?.target === target && this.chosenCell.neuron < count ? this.chosenCell.neuron
      : watched?.target === target ? watched.neuron : 0;
    this.chosenCell = { target, neuron: chosen };
    if (watched?.target !== target || watched.neuron !== chosen) this.ctx.watchCell?.(target, chosen);
    const view = new MorphologyView({
      target, count, morphology, watched: this.chosenCell,
      watch: (neuron) => { this.chosenCell = { target, neuron }; this.ctx.watchCell?.(target, neuron); },
      plot: (name) => this.ctx.plotCompartment?.(target, this.ctx.watched?.()?.target === target ? this.ctx.watched().neuron : 0, name),
    });
    this.morphView = view;
    return [h("h4", { text: "Morphology" }), view.root];
  }

  /**
   * A new running network: the view's cell is the one the frames carry (a rebuilt run may have dropped it, and a cell
   * chosen before the running network had its target was not sent yet).
   */
  ensureWatched() {
    const v = this.morphView;
    if (!v) return;
    const neuron = this.chosenCell?.target === v.opts.target ? this.chosenCell.neuron : 0;
    const w = this.ctx.watched?.();
    if (w?.target !== v.opts.target || w.neuron !== neuron) this.ctx.watchCell?.(v.opts.target, neuron);
  }

  /** Colours the morphology view from a frame's watched cell. */
  paintCell(frame) {
    if (!this.morphView || !frame?.cell) return;
    const names = this.ctx.layout()?.morphologyCells?.find((m) => m.target === frame.cell.target)?.compartments;
    if (names) this.morphView.paint(frame.cell, names, frame.step);
  }

  presetRow(owner, find) {
    const model = this.ctx.models.find((m) => m.name === owner.model);
    if (!model) return null;
    const choose = h("select", { onchange: (e) => {
      const preset = model.presets.find((p) => p.name === e.target.value);
      if (!preset) return;
      this.edit((net) => {
        const item = find(net);
        item.params = structuredClone(preset.params);
        delete item.preset;
        if (preset.kind !== "mixed") item.kind = preset.kind; else delete item.kind;
      });
    } }, h("option", { value: "", text: "apply a preset…" }));
    for (const p of model.presets) choose.append(h("option", { value: p.name, text: p.name }));
    return row("preset", choose);
  }

  neuronPanel(n) {
    const find = (net) => net.neurons.find((x) => x.id === n.id);
    const plotted = this.ctx.plots.has(n.id) || this.ctx.plots.isPending(n.id);
    const readout = h("div", { class: "readout", "data-readout": n.id, text: "(no frame yet)" });
    this.readoutBox = { id: n.id, box: readout };
    return [
      h("h3", { text: `Neuron ${n.id}` }),
      row("id", this.textInput(n.id, (v) => { const m = this.doc.rename(`n:${n.id}`, v.trim()); if (m) this.ctx.message(m, true); else this.show(`n:${v.trim()}`); }, { "data-field": "id" })),
      row("label", this.textInput(n.label, (v) => this.edit((net) => { const x = find(net); if (v) x.label = v; else delete x.label; }), { "data-field": "label" })),
      this.colourRow(n),
      row("kind", this.select(["mixed", "excitatory", "inhibitory"], n.kind ?? "mixed", (v) => this.edit((net) => { const x = find(net); if (v === "mixed") delete x.kind; else x.kind = v; }), { "data-field": "kind" })),
      row("model", h("span", { text: n.model + (n.preset ? ` (preset ${n.preset})` : "") })),
      this.presetRow(n, find),
      ...this.paramsRows(n, find),
      row("plot", h("input", { type: "checkbox", checked: plotted, "data-field": "plot", onchange: () => this.ctx.togglePlot(n.id) })),
      h("h3", { text: "Now" }),
      readout,
    ];
  }

  populationPanel(p) {
    const find = (net) => net.populations.find((x) => x.name === p.name);
    return [
      h("h3", { text: `Population ${p.name}` }),
      row("name", this.textInput(p.name, (v) => { const m = this.doc.rename(`p:${p.name}`, v.trim()); if (m) this.ctx.message(m, true); else this.show(`p:${v.trim()}`); }, { "data-field": "name" })),
      row("count", this.numberInput(p.count, (v) => this.edit((net) => { if (v !== null) find(net).count = Math.round(v); }), { min: 1, step: 1, "data-field": "count" })),
      this.colourRow(p),
      row("kind", this.select(["mixed", "excitatory", "inhibitory"], p.kind ?? "mixed", (v) => this.edit((net) => { const x = find(net); if (v === "mixed") delete x.kind; else x.kind = v; }))),
      row("model", h("span", { text: p.model + (p.preset ? ` (preset ${p.preset})` : "") })),
      this.presetRow(p, find),
      ...this.paramsRows(p, find),
      row("plot rate", h("input", { type: "checkbox", checked: this.ctx.plots.has(`p:${p.name}`) || this.ctx.plots.isPending(`p:${p.name}`), "data-field": "plot", onchange: () => this.ctx.toggleRatePlot(p.name) })),
      h("p", { class: "muted small", text: "The raster shows the first 64 neurons of each population; the label under the node gives its rate." }),
    ];
  }

  linkPanel(key) {
    const [from, to] = key.slice(2).split("->");
    const find = (net) => net.links.find((l) => l.from === from && l.to === to);
    const link = find(this.doc.network);
    if (!link) return [h("p", { text: "The link is gone." })];
    const source = this.doc.neuron(from);
    const out = [h("h3", { text: `Link ${from} → ${to}` })];
    if (source?.model === "transmitter") {
      out.push(h("p", { class: "muted", text: "A transmitter link has no weight: the source's synapse is shared evenly among its targets (the article's rule). Delete removes it; linking again toggles it." }));
    } else {
      out.push(row("weight", this.numberInput(link.weight ?? 1, (v) => this.edit((net) => { const l = find(net); if (v === null) delete l.weight; else l.weight = v; }), { min: 0 })));
      out.push(row("delayMs", this.numberInput(link.delayMs ?? 0, (v) => this.edit((net) => { const l = find(net); if (v === null) delete l.delayMs; else l.delayMs = v; }), { min: 0 })));
      out.push(row("receptor", this.select(["default", "excitatory", "inhibitory"], link.receptor ?? "default", (v) => this.edit((net) => { const l = find(net); if (v === "default") delete l.receptor; else l.receptor = v; }))));
    }
    return out;
  }

  projectionPanel(index) {
    const p = this.doc.network.projections?.[index];
    if (!p) return [h("p", { text: "The projection is gone." })];
    const set = (fn) => this.edit((net) => fn(net.projections[index]));
    const rule = p.connectivity?.rule ?? "allToAll";
    const out = [
      h("h3", { text: `Projection ${p.source} → ${p.target}` }),
      row("receptor", this.select(["excitatory", "inhibitory"], p.receptor ?? "excitatory", (v) => set((x) => { x.receptor = v; }), { "data-field": "receptor" })),
      row("connectivity", this.select(["allToAll", "fixedProbability", "fixedInDegree", "oneToOne"].concat(rule === "explicit" ? ["explicit"] : []), rule, (v) => set((x) => {
        const c = { rule: v };
        if (v === "fixedProbability") c.probability = x.connectivity?.probability ?? 0.1;
        if (v === "fixedInDegree") c.inDegree = x.connectivity?.inDegree ?? 10;
        if (x.connectivity?.allowSelf && v !== "oneToOne") c.allowSelf = true;
        x.connectivity = c;
      }), { "data-field": "rule" })),
    ];
    if (rule === "fixedProbability") out.push(row("probability", this.numberInput(p.connectivity.probability, (v) => set((x) => { if (v !== null) x.connectivity.probability = v; }), { min: 0, max: 1, "data-field": "probability" })));
    if (rule === "fixedInDegree") out.push(row("inDegree", this.numberInput(p.connectivity.inDegree, (v) => set((x) => { if (v !== null) x.connectivity.inDegree = Math.round(v); }), { min: 0, step: 1, "data-field": "inDegree" })));
    if (rule === "allToAll" || rule === "fixedProbability" || rule === "fixedInDegree") {
      out.push(row("allowSelf", h("input", { type: "checkbox", checked: !!p.connectivity?.allowSelf, "data-field": "allowSelf", onchange: (e) => set((x) => { if (e.target.checked) x.connectivity.allowSelf = true; else delete x.connectivity.allowSelf; }) })));
    }
    for (const field of ["weight", "delayMs"]) {
      const value = p[field];
      if (value === undefined || typeof value === "number") {
        out.push(row(field, this.numberInput(value ?? (field === "weight" ? 1 : 0), (v) => set((x) => { if (v === null) delete x[field]; else x[field] = v; }), { min: 0, "data-field": field })));
      } else {
        out.push(row(field, this.textInput(JSON.stringify(value), (text) => {
          try { const v = JSON.parse(text); set((x) => { x[field] = v; }); } catch { this.ctx.message(`${field}: not valid JSON (a number or {"normal": [mean, sd]}).`, true); }
        }, { "data-field": field })));
      }
    }
    // What the form does not cover (STDP, short-term plasticity, normalisation, explicit lists) stays editable as JSON.
    const area = h("textarea", { rows: 8, "data-field": "projection-json" });
    area.value = JSON.stringify(p, null, 2);
    out.push(
      h("details", {}, h("summary", { text: "All fields as JSON (stdp, shortTermPlasticity, normalization)" }), area,
        h("button", { text: "Apply", onclick: () => {
          try { const v = JSON.parse(area.value); this.edit((net) => { net.projections[index] = v; }); }
          catch { this.ctx.message("The projection is not valid JSON.", true); }
        } })),
      h("p", { class: "muted small", text: "Fields: docs/formats.md (connectivity, weight, delayMs, stdp, shortTermPlasticity)." }));
    return out;
  }

  /** A current step: what it drives, its amplitude and when it is on (a current input of the network file). */
  currentPanel(index) {
    const input = this.doc.network.inputs[index];
    const net = this.doc.network;
    const targets = [...(net.neurons ?? []).map((n) => n.id), ...(net.populations ?? []).map((p) => p.name)];
    const set = (fn) => this.edit((n) => fn(n.inputs[index]));
    const num = (field, fallback, attrs = {}) => row(field, this.numberInput(input[field] ?? fallback, (v) => set((x) => { if (v === null) delete x[field]; else x[field] = v; }), { "data-field": field, ...attrs }));
    const driven = this.doc.neuron(input.target) ?? this.doc.population(input.target);
    // The catalog names each model's current unit (ModelCatalog.CurrentUnitOf, one entry per model the file format has).
    const unit = this.ctx.models.find((m) => m.name === driven?.model)?.currentUnit ?? "the target model's current unit";
    return [
      h("h3", { text: `Current step ${index + 1}` }),
      row("target", this.select(targets.includes(input.target) ? targets : [input.target, ...targets], input.target, (v) => set((x) => { x.target = v; delete x.indices; }), { "data-field": "target" })),
      num("amplitude", 0),
      num("startMs", 0, { min: 0 }),
      num("stopMs", null, { min: 0, placeholder: "never" }),
      row("indices", this.textInput((input.indices ?? []).join(", "), (text) => {
        const indices = text.split(/[ ,]+/).filter(Boolean).map(Number);
        if (indices.some((i) => !Number.isInteger(i) || i < 0)) { this.ctx.message(`Current step ${index + 1}: indices must be whole numbers from 0, separated by commas (got "${text}").`, true); return; }
        set((x) => { if (indices.length) x.indices = indices; else delete x.indices; });
      }, { "data-field": "indices", placeholder: "all" })),
      h("p", { class: "muted small", text: `Adds ${input.amplitude ?? 0} (${unit}) to the input of ${input.target}${input.indices ? ` neurons ${input.indices.join(", ")}` : ""} from ${input.startMs ?? 0} ms${input.stopMs !== undefined ? ` to ${input.stopMs} ms` : " on"}. Several steps on one target add up; link the node (L or Shift+click) to another neuron or population to move it. A new amplitude applies live; the rest restarts the run.` }),
    ];
  }

  /** The inputs as forms: one box per input with its type's fields, a remove button, and buttons that add one of each type. */
  inputForms() {
    const net = this.doc.network;
    const targets = [...(net.neurons ?? []).map((n) => n.id), ...(net.populations ?? []).map((p) => p.name)];
    const set = (k, fn) => this.edit((n) => fn(n.inputs[k]));
    const boxes = (net.inputs ?? []).map((input, k) => {
      if (input.type === "current") return null; // a node on the canvas (currentPanel)
      const box = h("fieldset", { class: "input-form", "data-input": String(k) }, h("legend", { text: `${k + 1}. ${input.type}` }));
      box.append(row("target", this.select(targets.includes(input.target) ? targets : [input.target, ...targets], input.target, (v) => set(k, (x) => { x.target = v; }), { "data-field": "target" })));
      const num = (field, fallback, attrs = {}) => row(field, this.numberInput(input[field] ?? fallback, (v) => set(k, (x) => { if (v === null) delete x[field]; else x[field] = v; }), { "data-field": field, ...attrs }));
      if (input.type === "poisson") {
        box.append(num("rateHz", 0, { min: 0 }), num("sourceCount", 1, { min: 1, step: 1 }), num("weight", 1, { min: 0 }),
          row("receptor", this.select(["excitatory", "inhibitory"], input.receptor ?? "excitatory", (v) => set(k, (x) => { x.receptor = v; }), { "data-field": "receptor" })));
      } else if (input.type === "stimulus") {
        box.append(
          row("steps", this.textInput((input.steps ?? []).join(", "), (text) => {
            const steps = text.split(/[ ,]+/).filter(Boolean).map(Number);
            if (steps.some((s) => !Number.isInteger(s) || s < 0)) { this.ctx.message(`Input ${k + 1}: steps must be whole numbers from 0, separated by commas (got "${text}").`, true); return; }
            set(k, (x) => { if (steps.length) x.steps = steps; else delete x.steps; });
          }, { "data-field": "steps" })),
          num("everySteps", null, { min: 1, step: 1 }),
          row("amount", h("div", { style: "display:flex;gap:4px" },
            this.numberInput(input.amount?.[0] ?? 0, (v) => set(k, (x) => { x.amount = [v ?? 0, x.amount?.[1] ?? 0]; }), { "data-field": "amount[0]", title: "activator" }),
            this.numberInput(input.amount?.[1] ?? 0, (v) => set(k, (x) => { x.amount = [x.amount?.[0] ?? 0, v ?? 0]; }), { "data-field": "amount[1]", title: "inhibitor" }))));
      }
      box.append(h("button", { text: "Remove", "data-remove-input": String(k), onclick: () => this.edit((n) => { n.inputs.splice(k, 1); if (!n.inputs.length) delete n.inputs; }) }));
      return box;
    });
    const first = targets[0];
    const add = (type, input) => h("button", { text: `+ ${type}`, "data-add-input": type, onclick: () => {
      if (!first) { this.ctx.message("Add a neuron or a population first: an input needs a target.", true); return; }
      this.edit((n) => { (n.inputs ??= []).push({ type, target: first, ...input }); });
    } });
    const steps = (net.inputs ?? []).filter((i) => i.type === "current").length;
    return [...boxes.filter(Boolean),
      h("p", { class: "muted small", "data-current-count": String(steps), text: `${steps} current step${steps === 1 ? "" : "s"}: nodes on the canvas (select a neuron or population, then + Current).` }),
      h("div", { class: "add-inputs" }, add("poisson", { rateHz: 10, sourceCount: 1, weight: 1 }), add("stimulus", { steps: [10], everySteps: 40, amount: [20, 0] }))];
  }

  networkPanel() {
    const net = this.doc.network;
    const inputs = h("textarea", { rows: 8, "data-field": "inputs" });
    inputs.value = JSON.stringify(net.inputs ?? [], null, 1);
    return [
      h("h3", { text: "Network" }),
      row("name", this.textInput(net.name, (v) => this.edit((n) => { if (v) n.name = v; else delete n.name; }), { "data-field": "name" })),
      row("description", this.textInput(net.description, (v) => this.edit((n) => { if (v) n.description = v; else delete n.description; }))),
      row("dtMs", this.numberInput(net.dtMs ?? 0.1, (v) => this.edit((n) => { if (v !== null) n.dtMs = v; }), { "data-field": "dtMs" })),
      row("delivery", this.select(["synchronous", "sequential"], net.delivery ?? "synchronous", (v) => this.edit((n) => { n.delivery = v; }))),
      row("synapseRule", this.select(["intended", "referenceAliasing"], net.synapseRule ?? "intended", (v) => this.edit((n) => { n.synapseRule = v; }))),
      h("h3", { text: "Inputs" }),
      h("p", { class: "muted small", text: "Currents (the model's current unit), Poisson drive and transmitter stimuli (docs/formats.md)." }),
      ...this.inputForms(),
      h("details", {}, h("summary", { text: "Inputs as JSON" }), inputs,
        h("button", { text: "Apply inputs", onclick: () => {
          try { const v = JSON.parse(inputs.value); if (!Array.isArray(v)) throw new Error(); this.edit((n) => { if (v.length) n.inputs = v; else delete n.inputs; }); }
          catch { this.ctx.message("The inputs must be a JSON array.", true); }
        } })),
      h("p", { class: "muted small", text: `${net.neurons?.length ?? 0} neurons, ${net.links?.length ?? 0} links, ${net.populations?.length ?? 0} populations, ${net.projections?.length ?? 0} projections. The file's monitors are kept when saving; the live view records on its own.` }),
    ];
  }

  readout(frame) {
    if (!this.readoutBox) return;
    const n = frame.neurons.find((x) => x.id === this.readoutBox.id);
    const layout = this.ctx.layout();
    const info = layout?.neurons.find((x) => x.id === this.readoutBox.id);
    if (!n || !info) return;
    const lines = [];
    if (n.phase) lines.push(`phase ${n.phase.toUpperCase()}`);
    info.variables.forEach((v, k) => { if (v !== "phase") lines.push(`${v.padEnd(21)} ${fmt(n.values[k])}`); });
    this.readoutBox.box.textContent = lines.join("\n");
  }
}

const FORMS = ["constant", "exp", "sigmoid", "expLinear"];

function superscript(n) { return String(n).replace(/\d/g, (d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[d]); }

/** An expression function as text: its variables' cases and its result (LEMS syntax, constants in SI). */
function describe(f) {
  const e = f.expression;
  if (!e) return JSON.stringify(f);
  const consts = Object.entries(e.constants ?? {}).map(([k, v]) => `${k}=${v}`).join(", ");
  const vars = (e.variables ?? []).map((v) => `${v.name} = ${(v.cases ?? []).map((c) => (c.condition ? `${c.value} if ${c.condition}` : c.value)).join("; ")}`).join("; ");
  return `${f.rate !== undefined ? `${f.rate} × ` : ""}${e.result}${vars ? ` where ${vars}` : ""}${consts ? ` (${consts})` : ""}`;
}

function fmt(v) { return v === null || v === undefined ? "–" : Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4); }
