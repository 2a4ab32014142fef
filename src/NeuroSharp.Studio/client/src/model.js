// The network being edited: the simulator's network JSON itself (docs/formats.md), with undo and
// redo as whole-document snapshots. Nodes are single neurons ("n:ID"), populations ("p:NAME") and
// current steps ("c:INDEX", a current input, drawn with an edge to its target); edges are links
// between neurons ("l:FROM->TO") and projections ("j:INDEX").

export const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
const UNDO_LIMIT = 200;

export function emptyNetwork() {
  return { format: "neurosharp.network", version: 1, name: "untitled", dtMs: 1, delivery: "synchronous", synapseRule: "intended", neurons: [], links: [] };
}

export class NetworkDocument {
  constructor(onChange) {
    this.network = emptyNetwork();
    this.undoStack = [];
    this.redoStack = [];
    this.onChange = onChange;
  }

  /** Applies an edit as one undoable step. */
  edit(fn) {
    const before = JSON.stringify(this.network);
    fn(this.network);
    if (JSON.stringify(this.network) === before) return;
    this.pushUndo(before);
    this.onChange("edit");
  }

  /** Records a state taken before a gesture (a drag) once the gesture changed something. */
  commitGesture(before) {
    if (JSON.stringify(this.network) === before) return;
    this.pushUndo(before);
    this.onChange("edit");
  }

  pushUndo(before) {
    this.undoStack.push(before);
    if (this.undoStack.length > UNDO_LIMIT) this.undoStack.shift();
    this.redoStack = [];
  }

  /** Replaces the whole network (load, new); undoable. */
  load(network) {
    this.pushUndo(JSON.stringify(this.network));
    this.network = normalise(network);
    this.onChange("load");
  }

  undo() {
    if (!this.undoStack.length) return false;
    this.redoStack.push(JSON.stringify(this.network));
    this.network = JSON.parse(this.undoStack.pop());
    this.onChange("undo");
    return true;
  }

  redo() {
    if (!this.redoStack.length) return false;
    this.undoStack.push(JSON.stringify(this.network));
    this.network = JSON.parse(this.redoStack.pop());
    this.onChange("redo");
    return true;
  }

  neuron(id) { return this.network.neurons?.find((n) => n.id === id); }
  population(name) { return this.network.populations?.find((p) => p.name === name); }

  /** The node a key names ({kind: "neuron" | "population" | "current", item}), or null. */
  node(key) {
    if (!key) return null;
    if (key.startsWith("c:")) { const item = this.network.inputs?.[Number(key.slice(2))]; return item?.type === "current" ? { kind: "current", item } : null; }
    if (key.startsWith("n:")) { const item = this.neuron(key.slice(2)); return item ? { kind: "neuron", item } : null; }
    if (key.startsWith("p:")) { const item = this.population(key.slice(2)); return item ? { kind: "population", item } : null; }
    return null;
  }

  /** A fresh id: n1, n2, ... unused by neurons and populations. */
  freshId(prefix = "n") {
    const used = new Set([...(this.network.neurons ?? []).map((n) => n.id), ...(this.network.populations ?? []).map((p) => p.name)]);
    for (let k = 1; ; k++) if (!used.has(prefix + k)) return prefix + k;
  }

  /** Adds a neuron of a model preset (full params, no preset name) at (x, y); returns its id. */
  addNeuron(model, preset, x, y) {
    const id = this.freshId();
    this.edit((net) => {
      net.neurons ??= [];
      const neuron = { id, model: model.name, params: structuredClone(preset.params), x: Math.round(x), y: Math.round(y), color: PALETTE[net.neurons.length % PALETTE.length] };
      if (preset.kind && preset.kind !== "mixed") neuron.kind = preset.kind;
      net.neurons.push(neuron);
    });
    return id;
  }

  /** Adds a current step (a current input) driving a neuron or population, drawn at (x, y); returns its key. */
  addCurrent(target, x, y) {
    let index = 0;
    this.edit((net) => {
      net.inputs ??= [];
      index = net.inputs.length;
      net.inputs.push({ type: "current", target, amplitude: 10, startMs: 0, x: Math.round(x), y: Math.round(y) });
    });
    return `c:${index}`;
  }

  /** The article's link(a, b) for nodes: toggles a link between neurons, or a projection between populations; from a current step, sets what it drives. Returns a message or null. */
  toggleEdge(fromKey, toKey) {
    const a = this.node(fromKey), b = this.node(toKey);
    if (!a || !b) return "Pick two nodes.";
    if (b.kind === "current") return "A current step drives neurons and receives nothing: link from it to a neuron or a population.";
    if (a.kind === "current") {
      const target = b.kind === "neuron" ? b.item.id : b.item.name;
      if (a.item.target === target) return `This current step already drives ${target}.`;
      const index = Number(fromKey.slice(2));
      // A current step drives one target: linking it elsewhere moves it (its indices named the old target's neurons).
      this.edit((net) => { const input = net.inputs[index]; input.target = target; delete input.indices; });
      return null;
    }
    if (a.kind === "neuron" && b.kind === "neuron") {
      const aT = a.item.model === "transmitter", bT = b.item.model === "transmitter";
      if (aT !== bT) return "Transmitter neurons and spiking neurons do not link to each other.";
      if (!aT && isSource(b.item)) return `${b.item.id} is a spike source, which receives no input.`;
      this.edit((net) => {
        net.links ??= [];
        const k = net.links.findIndex((l) => l.from === a.item.id && l.to === b.item.id);
        if (k >= 0) net.links.splice(k, 1);
        else net.links.push({ from: a.item.id, to: b.item.id });
      });
      return null;
    }
    if (a.item.model === "transmitter" || b.item.model === "transmitter") return "Transmitter neurons link to single transmitter neurons only.";
    const source = a.kind === "neuron" ? a.item.id : a.item.name, target = b.kind === "neuron" ? b.item.id : b.item.name;
    this.edit((net) => {
      net.projections ??= [];
      const k = net.projections.findIndex((p) => p.source === source && p.target === target);
      if (k >= 0) net.projections.splice(k, 1);
      else net.projections.push({ source, target, receptor: a.item.kind === "inhibitory" ? "inhibitory" : "excitatory", connectivity: { rule: "fixedProbability", probability: 0.1 }, weight: 0.5 });
    });
    return null;
  }

  /** Deletes a node (with its links, projections, inputs and monitors) or an edge. */
  remove(key) {
    if (!key) return;
    this.edit((net) => {
      if (key.startsWith("l:")) {
        const [from, to] = key.slice(2).split("->");
        net.links = (net.links ?? []).filter((l) => !(l.from === from && l.to === to));
      } else if (key.startsWith("j:")) {
        net.projections?.splice(Number(key.slice(2)), 1);
      } else if (key.startsWith("c:")) {
        net.inputs?.splice(Number(key.slice(2)), 1);
        if (net.inputs && !net.inputs.length) delete net.inputs;
      } else {
        const name = key.slice(2);
        if (key.startsWith("n:")) net.neurons = net.neurons.filter((n) => n.id !== name);
        else net.populations = net.populations.filter((p) => p.name !== name);
        net.links = (net.links ?? []).filter((l) => l.from !== name && l.to !== name);
        if (net.projections) net.projections = net.projections.filter((p) => p.source !== name && p.target !== name);
        if (net.inputs) net.inputs = net.inputs.filter((i) => i.target !== name);
        if (net.monitors) net.monitors = net.monitors.filter((m) => m.target !== name);
      }
    });
  }

  /** Renames a neuron or population everywhere it is named. Returns a message or null. */
  rename(key, newName) {
    const node = this.node(key);
    if (!node) return "Nothing to rename.";
    const old = node.kind === "neuron" ? node.item.id : node.item.name;
    if (newName === old) return null;
    if (!/^[^,"']+$/.test(newName) || newName.trim() !== newName) return `"${newName}" is not a usable name (no commas, quotes or edge spaces).`;
    if (this.neuron(newName) || this.population(newName)) return `"${newName}" is taken.`;
    this.edit((net) => {
      const item = node.kind === "neuron" ? net.neurons.find((n) => n.id === old) : net.populations.find((p) => p.name === old);
      if (node.kind === "neuron") item.id = newName; else item.name = newName;
      for (const l of net.links ?? []) { if (l.from === old) l.from = newName; if (l.to === old) l.to = newName; }
      for (const p of net.projections ?? []) { if (p.source === old) p.source = newName; if (p.target === old) p.target = newName; }
      for (const i of net.inputs ?? []) if (i.target === old) i.target = newName;
      for (const m of net.monitors ?? []) if (m.target === old) m.target = newName;
    });
    return null;
  }

  /** The network without what only the editor uses (positions, colours, labels), to tell layout edits from model edits. */
  simulationKey() {
    const copy = structuredClone(this.network);
    for (const n of copy.neurons ?? []) { delete n.x; delete n.y; delete n.color; delete n.label; }
    for (const p of copy.populations ?? []) { delete p.x; delete p.y; delete p.color; }
    for (const i of copy.inputs ?? []) { delete i.x; delete i.y; }
    delete copy.name; delete copy.description;
    return JSON.stringify(copy);
  }
}

export function isSource(neuron) { return neuron.model === "poisson" || neuron.model === "spikeTimes"; }

function normalise(network) {
  const net = structuredClone(network);
  net.neurons ??= [];
  net.links ??= [];
  // Populations without a position get one, so that every node can be drawn.
  (net.populations ?? []).forEach((p, k) => { p.x ??= 200 + 220 * k; p.y ??= 150; });
  // So does every current step: left of its target, one below the other when a target has several.
  const placed = new Map();
  for (const input of net.inputs ?? []) {
    if (input.type !== "current" || (input.x !== undefined && input.y !== undefined)) continue;
    const target = net.neurons.find((n) => n.id === input.target) ?? net.populations?.find((p) => p.name === input.target);
    const k = placed.get(input.target) ?? 0;
    placed.set(input.target, k + 1);
    input.x ??= Math.round((target?.x ?? 0) - 130);
    input.y ??= Math.round((target?.y ?? 0) - 40 + 70 * k);
  }
  return net;
}
