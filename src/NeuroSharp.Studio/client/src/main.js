// The studio's editor page: wires the document, the editor, the side panel, the live link and the
// plots together, and keeps the server's simulation in step with the document.
import { api } from "./api.js";
import { NetworkDocument, emptyNetwork, PALETTE } from "./model.js";
import { Editor } from "./editor.js";
import { Panel } from "./panel.js";
import { Live } from "./live.js";
import { Plots } from "./plots.js";

const SPEEDS = [1, 5, 10, 20, 50, 100, 500, 1000, 2000, 5000, 10000, 100000, 1e9];
const $ = (id) => document.getElementById(id);

const AUTOSAVE_KEY = "neurosharp.studio.autosave";
const state = {
  models: [], simulationId: null, sentKey: null, syncTimer: null, syncSent: null, running: false, messageTimer: null,
  // What was last loaded or saved (JSON text) and the workspace file it came from: edits since make the page "dirty".
  cleanKey: null, currentPath: null, autosaveTimer: null, starting: null, retryTimer: null,
  // Start was pressed while the studio had no room for this page's simulation: the run starts once it has one.
  startWaiting: false,
  invalid: null, // the element an error names: { key, field }
  syncError: null, // the text of the error the last refused sync showed
};

function message(text, isError = false) {
  const m = $("message");
  m.textContent = text;
  m.classList.toggle("error", isError);
  clearTimeout(state.messageTimer);
  if (!isError) state.messageTimer = setTimeout(() => { if (m.textContent === text) m.textContent = ""; }, 4000);
}

/** Clears an error line (an edit that went through makes the last error stale). */
function clearError() {
  if ($("message").classList.contains("error")) message("");
}

// ----- unsaved work: dirty state, autosave, questions before replacing -----

function isDirty() { return state.cleanKey !== null && JSON.stringify(doc.network) !== state.cleanKey; }

/** The document now matches what was loaded or saved (path: its workspace file, if any). */
/** The studio saves network JSON only: a NeuroML name (x.net.nml) becomes x.net.json. */
function asJsonName(path) {
  return path.replace(/\.nml$/i, ".json");
}

function markClean(path = null) {
  state.cleanKey = JSON.stringify(doc.network);
  state.currentPath = path;
  autosave();
}

function scheduleAutosave() {
  clearTimeout(state.autosaveTimer);
  state.autosaveTimer = setTimeout(autosave, 300);
}

/** Keeps unsaved work in this browser's storage (and forgets it once saved or replaced on purpose). */
function autosave() {
  clearTimeout(state.autosaveTimer);
  try {
    if (isDirty()) localStorage.setItem(AUTOSAVE_KEY, JSON.stringify({ savedAt: new Date().toISOString(), path: state.currentPath, network: doc.network }));
    else localStorage.removeItem(AUTOSAVE_KEY);
  } catch { /* storage off or full: the beforeunload warning still guards the work */ }
}

function offerAutosave() {
  let kept = null;
  try { kept = JSON.parse(localStorage.getItem(AUTOSAVE_KEY) ?? "null"); } catch { kept = null; }
  if (!kept?.network) return;
  const n = (kept.network.neurons?.length ?? 0) + (kept.network.populations?.length ?? 0);
  $("autosave-text").textContent = `Unsaved work from ${new Date(kept.savedAt).toLocaleString()} was kept in this browser: "${kept.network.name ?? "untitled"}", ${n} node${n === 1 ? "" : "s"}.`;
  $("autosave").hidden = false;
  $("autosave-restore").onclick = () => {
    $("autosave").hidden = true;
    doc.load(kept.network);
    state.currentPath = kept.path ?? null;
    $("file-name").value = kept.path ?? "";
    message("Restored the unsaved work; save it to keep it.");
  };
  $("autosave-discard").onclick = () => {
    $("autosave").hidden = true;
    if (!isDirty()) localStorage.removeItem(AUTOSAVE_KEY);
  };
}

/** Asks a question in the page (a modal dialog); resolves true for the yes button. */
function ask(text, yes = "Replace") {
  return new Promise((resolve) => {
    const d = $("confirm");
    $("confirm-text").textContent = text;
    $("confirm-yes").textContent = yes;
    const done = (answer) => {
      $("confirm-yes").onclick = $("confirm-no").onclick = d.oncancel = null;
      if (d.open) d.close();
      resolve(answer);
    };
    $("confirm-yes").onclick = () => done(true);
    $("confirm-no").onclick = () => done(false);
    d.oncancel = (e) => { e.preventDefault(); done(false); };
    d.showModal();
    $("confirm-no").focus();
  });
}

/** True when nothing unsaved would be lost, or the user said to go on. */
async function mayReplace(what) {
  if (!isDirty()) return true;
  return ask(`"${doc.network.name || "untitled"}" has unsaved changes. ${what} replaces it (Undo brings it back while this page stays open).`, "Replace");
}

// ----- the field an error names -----

/** The element an error sentence names by its JSON path ($.neurons[2].params.returnability, $.dtMs, $.links[0]...), or null. */
function errorTarget(text) {
  // A parameter's whole path (channels[1].gates[0].power): the panel outlines that field, or the nearest one it shows.
  const m = /\$\.(neurons|populations|links|projections|inputs)\[(\d+)\](?:\.params\.(\w+(?:\[\d+\]|\.\w+)*)|\.(\w+))?/.exec(text);
  const net = doc.network;
  if (m) {
    const k = Number(m[2]), field = m[3] ?? m[4] ?? null, isParam = m[3] !== undefined;
    if (m[1] === "neurons" && net.neurons?.[k]) return { key: `n:${net.neurons[k].id}`, field, isParam };
    if (m[1] === "populations" && net.populations?.[k]) return { key: `p:${net.populations[k].name}`, field, isParam };
    if (m[1] === "links" && net.links?.[k]) return { key: `l:${net.links[k].from}->${net.links[k].to}`, field, isParam };
    if (m[1] === "projections" && net.projections?.[k]) return { key: `j:${k}`, field, isParam };
    if (m[1] === "inputs" && net.inputs?.[k]?.type === "current") return { key: `c:${k}`, field, isParam };
    if (m[1] === "inputs") return { key: null, field, isParam };
    return null;
  }
  const top = /\$\.(\w+)/.exec(text);
  return top ? { key: null, field: top[1], isParam: false } : null;
}

function setInvalid(target) {
  state.invalid = target;
  editor.setInvalid(target?.key ?? null);
  panel.markInvalid(target);
}

const doc = new NetworkDocument((why) => {
  if (why !== "load") clearError();
  scheduleAutosave();
  editor.render();
  if (editor.selection && !doc.node(editor.selection) && !edgeExists(editor.selection)) editor.select(null);
  else panel.render();
  if (why === "load") {
    editor.fit();
    editor.select(null);
    // A spiking network at dt 0.1 ms barely moves at a few steps a second: start it at real time (1 s
    // of simulated time a second; the engine goes as fast as it can when that is more than it manages).
    const speed = $("speed");
    const dt = doc.network.dtMs ?? 0.1;
    const spiking = (doc.network.populations?.length ?? 0) > 0 || (doc.network.neurons ?? []).some((n) => n.model !== "transmitter");
    if (spiking) {
      const realTime = SPEEDS.findIndex((s) => s >= 1000 / dt);
      const index = realTime < 0 ? SPEEDS.length - 1 : realTime;
      if (Number(speed.value) < index) { speed.value = String(index); speed.dispatchEvent(new Event("input")); }
    }
  }
  // A loaded network is not an edit: its rebuild says nothing under "Last edit" (and an earlier network's line goes).
  if (why === "load") { state.loadPending = true; showEditKind(null); }
  scheduleSync(why === "load" ? 0 : 150);
  $("undo").disabled = !doc.undoStack.length;
  $("redo").disabled = !doc.redoStack.length;
});

function edgeExists(key) {
  if (key.startsWith("l:")) { const [f, t] = key.slice(2).split("->"); return (doc.network.links ?? []).some((l) => l.from === f && l.to === t); }
  if (key.startsWith("j:")) return Number(key.slice(2)) < (doc.network.projections?.length ?? 0);
  return false;
}

const plots = new Plots($("charts"), $("charts-empty"), $("raster"), $("raster-note"), $("trace-note"));
const editor = new Editor($("canvas"), doc, {
  select: (key) => panel.show(key),
  message,
  addNeuronAt: (x, y) => addNeuron(x, y),
  linkTool: (on) => $("link-tool").classList.toggle("on", on),
});
const panel = new Panel($("panel"), {
  doc,
  invalid: () => state.invalid,
  get models() { return state.models; },
  plots,
  message,
  togglePlot,
  toggleRatePlot,
  layout: () => live.layout,
  latestFrame: () => live.latest,
  // The cell whose compartments the frames carry (the server watches the first cell with a morphology until told otherwise).
  watched: () => live.latest?.cell ?? live.layout?.cell ?? null,
  watchCell: (target, neuron) => {
    const w = live.latest?.cell ?? live.layout?.cell;
    if (w?.target === target && w?.neuron === neuron) return;
    if (!(live.layout?.morphologyCells ?? []).some((m) => m.target === target)) return; // not in the running network yet
    live.send({ type: "watch", target, neuron }).catch((e) => message(e.message, true));
  },
  plotCompartment: (target, neuron, name) => {
    const key = Plots.compartmentKey(target, neuron, name);
    if (plots.has(key)) plots.remove(key);
    else plots.addCompartment(target, neuron, name);
  },
});
const live = new Live({
  network: (layout) => { plots.setLayout(layout); live.painted = null; panel.ensureWatched(); },
  frame: (frame) => {
    plots.ingest(frame);
    state.running = frame.running;
    if (frame.notice) message(frame.notice, true);
  },
  error: (text) => message(text, true),
  reconnect: () => reconnect(),
  models: () => state.models,
});

function toggleRatePlot(name) {
  plots.toggleRate(name);
  if (plots.isPending(`p:${name}`)) message(`${name} is not in the running network yet: its rate is plotted as soon as it is.`);
  panel.render();
}

function download(name, text, type) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Downloads the run as NWB: the server writes it from the live engine's record with the simulator's NWB writer. */
async function exportNwb(base) {
  if (!state.simulationId) { message("There is no run to export yet.", true); return; }
  try {
    const { bytes, steps } = await api.nwb(state.simulationId);
    download(`${base}.nwb`, bytes, "application/x-hdf5");
    const [from, to] = (steps ?? "").split("-");
    message(`Exported ${base}.nwb: the spikes of steps ${from ?? 0} to ${to ?? "now"}.`);
  } catch (e) { message(e.message, true); }
}

function togglePlot(id) {
  const on = plots.toggle(id);
  if (plots.isPending(id)) message(`${id} is not in the running network yet: it is plotted as soon as it is.`);
  else if (!on && live.layout && !live.layout.neurons.find((n) => n.id === id)?.variables.length) message(`${id} has no state to plot.`, true);
  panel.render();
}

// ----- keeping the server in step -----

function scheduleSync(delay) {
  clearTimeout(state.syncTimer);
  state.syncTimer = setTimeout(() => { state.syncTimer = null; state.syncSent = sync(); }, delay);
}

/**
 * Sends the edit still waiting for its timer, and waits until the server has answered the edit on its way: a command
 * after it (Start, Step, Reset) then acts on the network the editor shows. Without it a step pressed right after
 * loading an example or a structural edit went to the network being replaced, and the rebuild then dropped it.
 */
async function flushSync() {
  if (state.syncTimer !== null) {
    clearTimeout(state.syncTimer);
    state.syncTimer = null;
    state.syncSent = sync();
  }
  await state.syncSent;
}

async function sync() {
  // Whether the change being sent is a loaded network rather than an edit (only the first sync after a load).
  const loaded = state.loadPending;
  state.loadPending = false;
  if (!state.simulationId) return;
  const key = doc.simulationKey();
  if (key === state.sentKey) return;
  state.sentKey = key;
  state.syncing = true;
  try {
    const status = await api.replaceNetwork(state.simulationId, doc.network);
    // Only the server's own refusal is stale now: an error a form showed meanwhile (text that never became an edit)
    // stays, even when this answer arrives after it.
    if (state.syncError !== null && $("message").textContent === state.syncError) clearError();
    state.syncError = null;
    setInvalid(null);
    showEditKind(loaded ? null : status);
  } catch (e) {
    state.sentKey = null;
    state.syncError = e.message;
    message(e.message, true);
    setInvalid(errorTarget(e.message));
  } finally {
    state.syncing = false;
  }
}

/** Says how the server took the last edit: applied live between two steps, or a rebuild that restarts the run from step 0 (null: no edit yet, nothing said). */
function showEditKind(status) {
  const e = $("edit-kind");
  if (!status) { delete e.dataset.kind; e.textContent = ""; return; }
  e.dataset.kind = status.applied;
  e.textContent = status.applied === "live"
    ? `Last edit applied live at step ${status.step}.`
    : "Last edit restarts the run (a structural change: rebuilt from step 0).";
}

const START_WAITS = "Start waits for room: the run starts as soon as the studio has it (press Start again to cancel).";

/**
 * Creates this page's simulation; when the studio has no room (429), tries again every 3 s and on Start. A Start pressed
 * meanwhile is kept (state.startWaiting), and the run starts as soon as the simulation is made.
 */
function startSimulation() {
  state.starting ??= (async () => {
    clearTimeout(state.retryTimer);
    try {
      const status = await api.createSimulation(doc.network);
      state.simulationId = status.id;
      state.sentKey = doc.simulationKey();
      window.studio.simulationId = status.id;
      live.connect(status.id);
      await live.send({ type: "speed", stepsPerSecond: SPEEDS[Number($("speed").value)] });
      // The refusal at the limit, or the closed connection this page just replaced, is over.
      if (/simulations|reconnecting/.test($("message").textContent)) clearError();
      if (state.startWaiting) {
        state.startWaiting = false;
        await live.send({ type: "start" });
        message("The studio had room again: the run started.");
      }
      return true;
    } catch (e) {
      message(state.startWaiting && e.status === 429 ? `${e.message} ${START_WAITS}` : e.message, true);
      if (e.status === 429) state.retryTimer = setTimeout(startSimulation, 3000);
      return false;
    } finally {
      state.starting = null;
    }
  })();
  return state.starting;
}

/**
 * Brings a page whose connection closed back to its own simulation while the studio still has it (the studio keeps a
 * simulation about 3 s after its last stream ends); only one that is gone (404: deleted, released, the studio restarted)
 * gives way to a new one. While the studio cannot be reached, tries again every second.
 */
async function reconnect() {
  const id = state.simulationId;
  if (!id) { startSimulation(); return; }
  try {
    await api.simulation(id);
  } catch (e) {
    if (state.simulationId !== id || live.socket) return;
    if (e.status !== 404) { setTimeout(reconnect, 1000); return; }
    state.simulationId = null;
    window.studio.simulationId = null;
    startSimulation();
    return;
  }
  if (state.simulationId !== id || live.socket) return;
  live.connect(id);
  if (/reconnecting/.test($("message").textContent)) clearError();
  scheduleSync(0); // an edit made while the connection was down
}

/**
 * Sends a run command, first creating the simulation if the page has none yet (the limit was reached earlier). A Start
 * the studio has no room for waits for it (the page says so); Start again, or Pause, cancels it.
 */
async function command(c) {
  if (!state.simulationId) {
    if (c.type === "start" || c.type === "pause") state.startWaiting = c.type === "start" && !state.startWaiting;
    if (!(await startSimulation())) {
      if (c.type === "pause" || (c.type === "start" && !state.startWaiting)) message("Start cancelled: nothing runs until Start is pressed again.");
      return;
    }
    // startSimulation started a waiting run; this Start is that one.
    if (c.type === "start" && !state.startWaiting) return;
  }
  await flushSync();
  await live.send(c);
}

// ----- toolbar -----

function addPopulation() {
  const [modelName, presetName] = $("preset").value.split("/");
  const model = state.models.find((m) => m.name === modelName);
  const preset = model?.presets.find((p) => p.name === presetName);
  if (!preset) return;
  if (model.name === "transmitter") { message(`Populations are of spiking models (the transmitter model is for single neurons): choose a preset of ${state.models.filter((m) => m.name !== "transmitter" && m.presets.length).map((m) => m.name).join(", ")}.`, true); return; }
  const { x, y } = freeSpot(editor.centre());
  const name = doc.freshId("pop");
  doc.edit((net) => {
    net.populations ??= [];
    const p = { name, count: 100, model: model.name, params: structuredClone(preset.params), x: Math.round(x), y: Math.round(y), color: PALETTE[net.populations.length % PALETTE.length] };
    if (preset.kind && preset.kind !== "mixed") p.kind = preset.kind;
    net.populations.push(p);
  });
  editor.select(`p:${name}`);
}

/** Adds a current step driving the selected neuron or population, placed left of it; link it elsewhere afterwards to move it. */
function addCurrent() {
  const target = doc.node(editor.selection);
  if (!target || target.kind === "current") { message("Select the neuron or population the current step drives, then + Current (link the node elsewhere later with L or Shift+click).", true); return; }
  const name = target.kind === "neuron" ? target.item.id : target.item.name;
  const { x, y } = freeSpot({ x: (target.item.x ?? 0) - 130, y: target.item.y ?? 0 });
  editor.select(doc.addCurrent(name, x, y));
}

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
  const nodes = [...(doc.network.neurons ?? []), ...(doc.network.populations ?? []), ...(doc.network.inputs ?? []).filter((i) => i.type === "current")];
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
    // The file this network came from (or was saved to) is replaced without a question; any other existing file asks.
    try { await api.saveFile(name, doc.network, name === state.currentPath); }
    catch (e) {
      if (e.status !== 409) throw e;
      if (!(await ask(`The workspace already has ${name}. Replace it with this network?`, "Replace"))) { message(`Not saved: ${name} is as it was.`); return; }
      await api.saveFile(name, doc.network, true);
    }
    markClean(name);
    $("file-name").value = name;
    message(`Saved ${name} in the workspace.`);
    await refreshFiles(name);
  } catch (e) { message(e.message, true); }
}

function bindToolbar() {
  $("new-network").onclick = async () => {
    if (!(await mayReplace("A new network"))) return;
    doc.load(emptyNetwork());
    $("file-name").value = "";
    markClean();
  };
  $("examples").onchange = async (e) => {
    const name = e.target.value;
    e.target.value = "";
    if (!name) return;
    if (!(await mayReplace(`The example ${name}`))) return;
    try { const r = await api.example(name); doc.load(r.network); markClean(); $("file-name").value = `${name}.json`; message(`Loaded the example ${name}.`); }
    catch (err) { message(err.message, true); }
  };
  $("open-file").onclick = async () => {
    const path = $("files").value;
    if (!path) { message("Choose a workspace file first.", true); return; }
    if (!(await mayReplace(`Opening ${path}`))) return;
    try { const r = await api.loadFile(path); doc.load(r.network); const saveAs = asJsonName(path); markClean(saveAs === path ? path : null); $("file-name").value = saveAs; message(r.imported ? `Imported ${path} (NeuroML); Save writes it as ${saveAs}.` : `Opened ${path}.`); }
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
      if (!(await mayReplace(`Uploading ${file.name}`))) return;
      doc.load(network);
      markClean();
      $("file-name").value = asJsonName(file.name);
      message(`Loaded ${file.name}.`);
    } catch (err) { message(err.message, true); }
  };
  const base = () => ($("file-name").value.trim() || doc.network.name || "network").replace(/\.json$/i, "");
  $("export-spikes").onclick = () => download(`${base()}-spikes.csv`, plots.spikesCsv(), "text/csv");
  $("export-nwb").onclick = () => exportNwb(base());
  $("export-traces").onclick = () => {
    if (!plots.charts.size) { message("Plot a neuron or a population first (P): the traces exported are the plotted ones.", true); return; }
    download(`${base()}-traces.csv`, plots.tracesCsv(), "text/csv");
  };
  $("add-neuron").onclick = () => addNeuron();
  $("add-population").onclick = () => addPopulation();
  $("add-current").onclick = () => addCurrent();
  $("link-tool").onclick = () => editor.setLinkTool(!editor.linkTool);
  $("delete").onclick = () => removeSelection();
  $("undo").onclick = () => doc.undo();
  $("redo").onclick = () => doc.redo();
  $("run").onclick = () => command({ type: state.running ? "pause" : "start" });
  $("step").onclick = () => command({ type: "step" });
  $("reset").onclick = () => { plots.clearData(); command({ type: "reset" }); };
  $("speed").oninput = (e) => {
    const s = SPEEDS[Number(e.target.value)];
    $("speed-label").textContent = s >= 1e9 ? "max" : `${s} steps/s`;
    live.send({ type: "speed", stepsPerSecond: s });
  };
}

function removeSelection() {
  if (!editor.selection) return;
  const key = editor.selection;
  if (key.startsWith("n:")) plots.forget(key.slice(2));
  if (key.startsWith("p:")) plots.forget(key);
  doc.remove(key);
  editor.select(null);
}

function bindKeys() {
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return;
    // An open dialog (the keyboard help, a question) keeps its keys: Esc closes it.
    if (document.querySelector("dialog[open]")) return;
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
      case " ": command({ type: state.running ? "pause" : "start" }); break;
      case ".": command({ type: "step" }); break;
      case "r": case "R": plots.clearData(); command({ type: "reset" }); break;
      case "p": case "P":
        if (editor.selection?.startsWith("n:")) togglePlot(editor.selection.slice(2));
        else if (editor.selection?.startsWith("p:")) toggleRatePlot(editor.selection.slice(2));
        else message("Select a neuron or a population to plot it (P).", true);
        break;
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
  }
  const label = state.startWaiting ? "Waiting…" : f?.running ? "Pause" : "Start";
  if ($("run").textContent !== label) $("run").textContent = label;
  plots.draw();
  requestAnimationFrame(paintLoop);
}

/** /?example=NAME[&speed=max][&run] opens an example (and sets the speed, and starts it): a link or a script opens a page on a run. */
async function openFromAddress() {
  const q = new URLSearchParams(location.search);
  const name = q.get("example");
  // /?file=PATH opens a workspace file (the evolution page's "Open in editor").
  if (!name && q.get("file")) {
    const path = q.get("file");
    try { const r = await api.loadFile(path); doc.load(r.network); const saveAs = asJsonName(path); markClean(saveAs === path ? path : null); $("file-name").value = saveAs; message(r.imported ? `Imported ${path} (NeuroML); Save writes it as ${saveAs}.` : `Opened ${path}.`); }
    catch (e) { message(e.message, true); }
    return;
  }
  if (!name) return;
  try { const r = await api.example(name); doc.load(r.network); markClean(); $("file-name").value = `${name}.json`; }
  catch (e) { message(e.message, true); return; }
  if (q.get("speed") === "max") { $("speed").value = String(SPEEDS.length - 1); $("speed").dispatchEvent(new Event("input")); }
  if (q.has("run")) {
    await sync();
    await command({ type: "start" });
  }
}

async function boot() {
  // synced(): the server runs what the editor shows (no edit waiting to be sent or on its way), for scripts and tests.
  window.studio = { doc, editor, live, plots, simulationId: null, synced: () => !state.syncing && state.sentKey === doc.simulationKey() };
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
  // Nothing to lose yet; work kept from an earlier page stays stored until restored, discarded or replaced by new edits.
  state.cleanKey = JSON.stringify(doc.network);
  offerAutosave();
  window.addEventListener("beforeunload", (e) => {
    autosave();
    if (isDirty()) { e.preventDefault(); e.returnValue = ""; }
  });
  await startSimulation();
  await openFromAddress();
  document.body.dataset.ready = "true";
  requestAnimationFrame(paintLoop);
}

boot();
