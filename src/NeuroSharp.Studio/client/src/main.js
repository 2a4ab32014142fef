// The studio's editor page: wires the document, the editor, the side panel, the live link and the
// plots together, and keeps the server's simulation in step with the document.
import { api } from "./api.js";
import { NetworkDocument, emptyNetwork } from "./model.js";
import { Editor } from "./editor.js";
import { Panel } from "./panel.js";
import { Live } from "./live.js";
import { Plots } from "./plots.js";

const SPEEDS = [1, 5, 10, 20, 50, 100, 500, 1000, 10000, 100000, 1e9];
const $ = (id) => document.getElementById(id);

const state = { models: [], simulationId: null, sentKey: null, syncTimer: null, running: false, messageTimer: null };

function message(text, isError = false) {
  const m = $("message");
  m.textContent = text;
  m.classList.toggle("error", isError);
  clearTimeout(state.messageTimer);
  if (!isError) state.messageTimer = setTimeout(() => { if (m.textContent === text) m.textContent = ""; }, 4000);
}

const doc = new NetworkDocument((why) => {
  editor.render();
  if (editor.selection && !doc.node(editor.selection) && !edgeExists(editor.selection)) editor.select(null);
  else panel.render();
  if (why === "load") {
    editor.fit();
    editor.select(null);
    // A spiking network at dt 0.1 ms barely moves at a few steps a second: start it at 100 ms a second.
    const speed = $("speed");
    if ((doc.network.dtMs ?? 0.1) < 0.5 && Number(speed.value) < 7) { speed.value = "7"; speed.dispatchEvent(new Event("input")); }
  }
  scheduleSync(why === "load" ? 0 : 150);
  $("undo").disabled = !doc.undoStack.length;
  $("redo").disabled = !doc.redoStack.length;
});

function edgeExists(key) {
  if (key.startsWith("l:")) { const [f, t] = key.slice(2).split("->"); return (doc.network.links ?? []).some((l) => l.from === f && l.to === t); }
  if (key.startsWith("j:")) return Number(key.slice(2)) < (doc.network.projections?.length ?? 0);
  return false;
}

const plots = new Plots($("charts"), $("charts-empty"), $("raster"));
const editor = new Editor($("canvas"), doc, {
  select: (key) => panel.show(key),
  message,
  addNeuronAt: (x, y) => addNeuron(x, y),
  linkTool: (on) => $("link-tool").classList.toggle("on", on),
});
const panel = new Panel($("panel"), {
  doc,
  get models() { return state.models; },
  plots,
  message,
  togglePlot,
  layout: () => live.layout,
});
const live = new Live({
  network: (layout) => { plots.setLayout(layout); live.painted = null; },
  frame: (frame) => {
    plots.ingest(frame);
    state.running = frame.running;
    if (frame.notice) message(frame.notice, true);
  },
  error: (text) => message(text, true),
  reconnect: () => startSimulation(),
  models: () => state.models,
});

function togglePlot(id) {
  const on = plots.toggle(id);
  if (!on && !plots.has(id) && live.layout && !live.layout.neurons.find((n) => n.id === id)?.variables.length) message(`${id} has no state to plot.`, true);
  panel.render();
}

// ----- keeping the server in step -----

function scheduleSync(delay) {
  clearTimeout(state.syncTimer);
  state.syncTimer = setTimeout(sync, delay);
}

async function sync() {
  if (!state.simulationId) return;
  const key = doc.simulationKey();
  if (key === state.sentKey) return;
  state.sentKey = key;
  try {
    await api.replaceNetwork(state.simulationId, doc.network);
    $("message").classList.contains("error") && message("");
  } catch (e) {
    state.sentKey = null;
    message(e.message, true);
  }
}

async function startSimulation() {
  try {
    const status = await api.createSimulation(doc.network);
    state.simulationId = status.id;
    state.sentKey = doc.simulationKey();
    window.studio.simulationId = status.id;
    live.connect(status.id);
    await live.send({ type: "speed", stepsPerSecond: SPEEDS[Number($("speed").value)] });
  } catch (e) {
    message(e.message, true);
  }
}

// ----- toolbar -----

function addNeuron(x, y) {
  const [modelName, presetName] = $("preset").value.split("/");
  const model = state.models.find((m) => m.name === modelName);
  const preset = model?.presets.find((p) => p.name === presetName);
  if (!preset) return;
  if (x === undefined) ({ x, y } = freeSpot(editor.centre()));
  const id = doc.addNeuron(model, preset, x, y);
  editor.select(`n:${id}`);
}

/** The first free spot on a grid around a point (right, left, below, above, then further out), at least 100 units from every node. */
function freeSpot(c) {
  const nodes = [...(doc.network.neurons ?? []), ...(doc.network.populations ?? [])];
  const free = (p) => nodes.every((n) => Math.hypot((n.x ?? 0) - p.x, (n.y ?? 0) - p.y) >= 100);
  if (free(c)) return c;
  for (let ring = 1; ring < 12; ring++) {
    for (let dy = 0; dy <= ring; dy++) {
      for (const [sx, sy] of [[1, 1], [-1, 1], [1, -1], [-1, -1]]) {
        for (const [dx, dyy] of [[ring, dy], [dy, ring]]) {
          const p = { x: c.x + sx * dx * 160, y: c.y + sy * dyy * 130 };
          if (free(p)) return p;
        }
      }
    }
  }
  return c;
}

async function refreshFiles(select) {
  try {
    const { files } = await api.files();
    const list = $("files");
    list.replaceChildren(new Option("Workspace…", ""), ...files.map((f) => new Option(f, f)));
    if (select) list.value = select;
  } catch (e) { message(e.message, true); }
}

async function save() {
  let name = $("file-name").value.trim() || `${(doc.network.name || "network").replace(/[^\p{L}\p{N} _.-]/gu, "-")}.json`;
  if (!name.toLowerCase().endsWith(".json")) name += ".json";
  try {
    await api.saveFile(name, doc.network);
    $("file-name").value = name;
    message(`Saved ${name} in the workspace.`);
    await refreshFiles(name);
  } catch (e) { message(e.message, true); }
}

function bindToolbar() {
  $("new-network").onclick = () => doc.load(emptyNetwork());
  $("examples").onchange = async (e) => {
    const name = e.target.value;
    e.target.value = "";
    if (!name) return;
    try { const r = await api.example(name); doc.load(r.network); $("file-name").value = `${name}.json`; message(`Loaded the example ${name}.`); }
    catch (err) { message(err.message, true); }
  };
  $("open-file").onclick = async () => {
    const path = $("files").value;
    if (!path) { message("Choose a workspace file first.", true); return; }
    try { const r = await api.loadFile(path); doc.load(r.network); $("file-name").value = path; message(`Opened ${path}.`); }
    catch (e) { message(e.message, true); }
  };
  $("save-file").onclick = save;
  $("download").onclick = () => {
    const blob = new Blob([JSON.stringify(doc.network, null, 2) + "\n"], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = $("file-name").value.trim() || `${doc.network.name || "network"}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  $("upload").onchange = async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (!file) return;
    try {
      const text = await file.text();
      const r = await api.validate(text, file.name);
      let network;
      try { network = JSON.parse(text); } catch { network = r.network; }
      doc.load(network);
      $("file-name").value = file.name;
      message(`Loaded ${file.name}.`);
    } catch (err) { message(err.message, true); }
  };
  $("add-neuron").onclick = () => addNeuron();
  $("link-tool").onclick = () => editor.setLinkTool(!editor.linkTool);
  $("delete").onclick = () => removeSelection();
  $("undo").onclick = () => doc.undo();
  $("redo").onclick = () => doc.redo();
  $("run").onclick = () => live.send({ type: state.running ? "pause" : "start" });
  $("step").onclick = () => live.send({ type: "step" });
  $("reset").onclick = () => { plots.clearData(); live.send({ type: "reset" }); };
  $("speed").oninput = (e) => {
    const s = SPEEDS[Number(e.target.value)];
    $("speed-label").textContent = s >= 1e9 ? "max" : `${s} steps/s`;
    live.send({ type: "speed", stepsPerSecond: s });
  };
}

function removeSelection() {
  if (!editor.selection) return;
  const key = editor.selection;
  if (key.startsWith("n:") && plots.has(key.slice(2))) plots.remove(key.slice(2));
  doc.remove(key);
  editor.select(null);
}

function bindKeys() {
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return;
    const ctrl = e.ctrlKey || e.metaKey;
    const k = e.key;
    if (ctrl && (k === "z" || k === "Z")) { e.preventDefault(); if (e.shiftKey) doc.redo(); else doc.undo(); return; }
    if (ctrl && (k === "y" || k === "Y")) { e.preventDefault(); doc.redo(); return; }
    if (ctrl && (k === "s" || k === "S")) { e.preventDefault(); save(); return; }
    if (ctrl || e.altKey) return;
    switch (k) {
      case "n": case "N": addNeuron(editor.pointer.x, editor.pointer.y); break;
      case "l": case "L": editor.setLinkTool(!editor.linkTool); break;
      case "Delete": case "Backspace": removeSelection(); break;
      case "Escape": editor.setLinkTool(false); editor.select(null); break;
      case " ": live.send({ type: state.running ? "pause" : "start" }); break;
      case ".": live.send({ type: "step" }); break;
      case "r": case "R": plots.clearData(); live.send({ type: "reset" }); break;
      case "p": case "P": if (editor.selection?.startsWith("n:")) togglePlot(editor.selection.slice(2)); break;
      case "+": case "=": editor.zoom(1.2); break;
      case "-": case "_": editor.zoom(1 / 1.2); break;
      case "0": case "f": case "F": editor.fit(); break;
      case "?": $("keys").showModal(); break;
      default: return;
    }
    e.preventDefault();
  });
}

function paintLoop() {
  live.paint(editor, doc, panel);
  const f = live.latest;
  if (f) {
    $("sim-clock").textContent = `step ${f.step} · ${f.timeMs.toFixed(1)} ms · ${f.running ? `${f.actualStepsPerSecond} steps/s` : "paused"}`;
    const label = f.running ? "Pause" : "Start";
    if ($("run").textContent !== label) $("run").textContent = label;
  }
  plots.draw();
  requestAnimationFrame(paintLoop);
}

async function boot() {
  window.studio = { doc, editor, live, plots, simulationId: null };
  bindToolbar();
  bindKeys();
  try {
    const [models, examples] = await Promise.all([api.models(), api.examples()]);
    state.models = models.models;
    const preset = $("preset");
    for (const m of state.models) {
      const group = document.createElement("optgroup");
      group.label = m.name;
      for (const p of m.presets) group.append(new Option(`${m.name} · ${p.name}`, `${m.name}/${p.name}`));
      preset.append(group);
    }
    preset.value = "transmitter/repository";
    for (const e of examples.examples) $("examples").append(new Option(e.title === e.name ? e.name : `${e.name}`, e.name));
  } catch (e) { message(e.message, true); }
  await refreshFiles();
  editor.render();
  panel.render();
  $("undo").disabled = true;
  $("redo").disabled = true;
  await startSimulation();
  document.body.dataset.ready = "true";
  requestAnimationFrame(paintLoop);
}

boot();
