// The evolution page: starts an evolution run on the server, draws the best and mean fitness of every
// generation from its WebSocket frames, and plays the current champion in its world (the states the
// server recorded when the champion was found, fetched from /replay whenever the champion changes) with
// every neuron's spikes (sensors, hidden, motor). Stop, resume (from the run's checkpoint), save the champion into the
// workspace (asking before replacing a file) and open it in the network editor.
import uPlot from "uplot";
import { api, socketUrl } from "./api.js";
import { evolutionApi } from "./evolution-api.js";
import { drawWorld, drawRaster, rasterRows, frameSeconds } from "./worlds.js";
import { setUpCircuitControls, circuitFields } from "./evolution-circuit.js";
import { connectomeFields, bindConnectomePicker } from "./evolution-network.js";
import { setUpNeatControls, neatFields, neatSummary, applyNeatNvPreset } from "./evolution-neat.js";
import { setUpSearchControls, searchFields, searchSummary } from "./evolution-search.js";

const $ = (id) => document.getElementById(id);
let socket = null, runId = null, curve = null, latest = null, drawn = null;
let replay = null, replayVersion = 0, wantedVersion = 0, fetching = false, frameIndex = 0, frameStarted = 0;

function status(text, isError = false) {
  $("evo-status").textContent = text;
  $("evo-status").classList.toggle("error", isError);
}

function fmt(x) {
  return x === null || x === undefined ? "–" : Math.abs(x) >= 1000 ? x.toFixed(0) : x.toPrecision(4);
}

const WORDS = { running: "evolving", stopped: "stopped", done: "done", failed: "failed" };

function showFrame(f) {
  const words = WORDS[f.state] ?? f.state;
  const solved = f.solved ? " · solved" : "";
  status(f.error ? `Failed: ${f.error}`
    : `${words}: generation ${f.generation} of ${f.generations} · best ${fmt(f.bestFitness)} · mean ${fmt(f.meanFitness)} · species ${f.species} · ${f.evaluations.toLocaleString()} evaluations · ${f.evaluationsPerSecond.toLocaleString()} evaluations/s${solved}`, !!f.error);
  document.body.dataset.state = f.state;
  document.body.dataset.generation = String(f.generation);
  const running = f.state === "running";
  $("evo-start").disabled = running;
  $("evo-stop").disabled = !running;
  $("evo-resume").disabled = f.state !== "stopped";
  const hasChampion = !!f.champion;
  $("evo-save-button").disabled = !hasChampion;
  $("evo-open").disabled = !hasChampion;
  if (hasChampion && f.champion.version !== wantedVersion) { wantedVersion = f.champion.version; fetchReplay(); }
  const xs = f.curve.map((p) => p[0]), best = f.curve.map((p) => p[1]), mean = f.curve.map((p) => p[2]);
  document.body.dataset.points = String(xs.length);
  $("evo-points").textContent = `${xs.length} generation${xs.length === 1 ? "" : "s"} drawn (${f.task}${f.network ? ` on ${f.network}` : ""}, ${f.algorithm}${f.circuit ? ", seed circuit" : ""}${f.sensorCode && f.sensorCode !== "log" ? `, ${f.sensorCode} sensor code` : ""}${f.mirror ? ", mirror-tied genes" : ""}${f.cartDelay != null ? `, cart delay ${f.cartDelay} ms` : ""}${searchSummary(f)}${neatSummary(f)}${f.maxEvaluations ? `, at most ${f.maxEvaluations} evaluations` : ""}, population ${f.population}, seed ${f.seed})`;
  if (!curve) {
    curve = new uPlot({
      width: Math.max(300, $("evo-curve").clientWidth - 10), height: 260, scales: { x: { time: false } },
      series: [{ label: "generation" },
        { label: "best", stroke: "#2f6fdd", width: 2, points: { show: xs.length < 60 } },
        { label: "mean", stroke: "#f28e2b", width: 1.5, points: { show: false } }],
      axes: [{ label: "generation", incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000] }, { label: "fitness" }],
      legend: { live: false },
    }, [xs, best, mean], $("evo-curve"));
  } else {
    curve.setData([xs, best, mean]);
  }
}

async function fetchReplay() {
  if (fetching || !runId) return;
  fetching = true;
  try {
    while (replayVersion !== wantedVersion) {
      const target = wantedVersion;
      const r = await evolutionApi.replay(runId);
      replay = r;
      replayVersion = target;
      frameIndex = 0;
      frameStarted = performance.now();
      document.body.dataset.champion = String(target);
      $("evo-champion").textContent = `generation ${r.generation} · fitness ${fmt(r.fitness)}${r.solved ? " · solved" : ""} · ${r.stepsPlayed}${r.cut ? "+" : ""} steps`;
      const { rows, groups } = rasterRows(r);
      document.body.dataset.rasterRows = String(rows);
      $("evo-raster-groups").textContent = r.raster
        ? `Spikes of every neuron: ${groups.map((g) => `${g.name} ${g.count}`).join(" · ")} (one row per neuron, one column per frame; stronger: more spikes)`
        : "Motor neurons' spikes only (the network has more than 1 024 neurons, too many rows to draw)";
    }
  } catch (err) { status(err.message, true); }
  finally { fetching = false; }
}

function loop(now) {
  if (latest && latest !== drawn) { drawn = latest; showFrame(latest); }
  if (replay && replay.frames.length) {
    const seconds = frameSeconds(replay);
    if ((now - frameStarted) / 1000 >= seconds) {
      frameIndex = (frameIndex + 1) % replay.frames.length;
      frameStarted = now;
    }
    drawWorld($("evo-world"), replay, frameIndex);
    drawRaster($("evo-raster"), replay, frameIndex);
    // Which champion's replay the canvases show: data-champion says which one arrived, and it is drawn on the next frame.
    document.body.dataset.replayDrawn = String(replayVersion);
  }
  requestAnimationFrame(loop);
}

function connect(id) {
  if (socket) socket.close();
  socket = new WebSocket(socketUrl(`/api/evolution/${encodeURIComponent(id)}/stream`));
  socket.onmessage = (e) => { const m = JSON.parse(e.data); if (m.type === "evolution" && m.id === runId) latest = m; };
}

function request() {
  const form = new FormData($("evo-form"));
  const number = (name) => { const v = String(form.get(name) ?? "").trim(); return v === "" ? null : Number(v); };
  return {
    task: form.get("task"), algorithm: form.get("algorithm"), population: number("population"),
    generations: number("generations") ?? 100, model: form.get("model"), hidden: number("hidden") ?? 4, seed: number("seed") ?? 1,
    ...circuitFields(), ...searchFields(), ...neatFields(),
  };
}

$("evo-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  try {
    const s = await evolutionApi.start({ ...request(), ...(await connectomeFields()) });
    runId = s.id;
    document.body.dataset.run = s.id;
    latest = null; drawn = null; replay = null; replayVersion = 0; wantedVersion = 0;
    if (curve) { curve.destroy(); curve = null; }
    $("evo-champion").textContent = "";
    $("evo-saved").textContent = "";
    $("evo-file").value = `${s.task}-champion.json`;
    latest = s;
    connect(s.id);
  } catch (err) { status(err.message, true); }
});

$("evo-stop").addEventListener("click", async () => {
  if (!runId) return;
  // Said before the request: the run's last frame may arrive before the reply, and then it has the last word.
  status("Stopping after the generation being evaluated…");
  try { await evolutionApi.stop(runId); } catch (err) { status(err.message, true); }
});

$("evo-resume").addEventListener("click", async () => {
  if (!runId) return;
  const before = latest;
  try {
    const s = await evolutionApi.resume(runId);
    // The reply stands in only until the run's first frame: a frame that overtook it is newer (the run may even have
    // stopped again), and the older reply would put back "evolving" for good once no frame follows.
    if (latest === before) latest = s;
  } catch (err) { status(err.message, true); }
});

function ask(text) {
  const d = $("evo-confirm");
  $("evo-confirm-text").textContent = text;
  return new Promise((resolve) => {
    const done = (answer) => { d.close(); resolve(answer); };
    $("evo-confirm-yes").onclick = () => done(true);
    $("evo-confirm-no").onclick = () => done(false);
    d.oncancel = () => resolve(false);
    d.showModal();
  });
}

/** Saves the champion through the workspace's own save (PUT /api/file); true when it was written. */
async function saveChampion() {
  const path = $("evo-file").value.trim();
  if (!path) { $("evo-saved").textContent = "Type a file name first."; return null; }
  try {
    const champion = await evolutionApi.champion(runId);
    try {
      await api.saveFile(path, champion.network);
    } catch (err) {
      if (err.status !== 409) throw err;
      if (!(await ask(`The workspace already has a file '${path}'. Replace it with the champion of generation ${champion.generation}?`))) {
        $("evo-saved").textContent = "Not saved.";
        return null;
      }
      await api.saveFile(path, champion.network, true);
    }
    $("evo-saved").textContent = `Saved ${path} (generation ${champion.generation}, fitness ${fmt(champion.fitness)}).`;
    $("evo-saved").classList.remove("error");
    document.body.dataset.saved = path;
    return path;
  } catch (err) {
    $("evo-saved").textContent = err.message;
    return null;
  }
}

$("evo-save").addEventListener("submit", async (e) => { e.preventDefault(); await saveChampion(); });

$("evo-open").addEventListener("click", async () => {
  const path = await saveChampion();
  if (path) location.href = `/?file=${encodeURIComponent(path)}`;
});

async function boot() {
  try {
    const t = await evolutionApi.tasks();
    $("evo-task").replaceChildren(...t.tasks.map((x) => new Option(x.name, x.name)));
    $("evo-model").replaceChildren(...t.models.map((m) => new Option(m, m)));
    // Each task names its default model (touch-reflex: transmitter), as the CLI's evolve picks it; a change of
    // task selects it, and the user may still pick another model afterwards.
    const defaults = new Map(t.tasks.map((x) => [x.name, x.model]));
    const preselect = () => { const m = defaults.get($("evo-task").value); if (m) $("evo-model").value = m; };
    $("evo-task").addEventListener("change", preselect);
    preselect();
    setUpCircuitControls(t.tasks);
    setUpNeatControls(t.tasks);
    setUpSearchControls(t.tasks);
    $("evo-preset-neat-nv").addEventListener("click", () => status(applyNeatNvPreset()));
  } catch (err) { status(err.message, true); }
  bindConnectomePicker();
  document.body.dataset.ready = "true";
  requestAnimationFrame(loop);
}

boot();
