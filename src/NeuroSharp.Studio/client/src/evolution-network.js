// The evolution page's connectome picker (evolve --network): a C. elegans connectome file (NeuroML .net.nml such as
// c302's, or a network JSON) chosen on the page is sent with the request as text, together with the other files picked
// with it (the files it includes, such as c302's cell_B.xml beside c302_B_Full.net.nml); the server resolves the
// includes among them, validates (400 with one sentence) and the run tunes the connectome's gains and head oscillator,
// keeping its wiring (docs/world-worm.md).
const $ = (id) => document.getElementById(id);

/** The connectome among the picked files: the .net.nml (or .json) one, else the first; the others are its includes. */
export function mainFile(files) {
  return files.find((f) => /\.net\.nml$/i.test(f.name)) ?? files.find((f) => /\.json$/i.test(f.name)) ?? files[0];
}

/** The request fields of the picked connectome: {network, networkName, includes?}, or {} when none is picked. */
export async function connectomeFields() {
  const files = [...($("evo-network")?.files ?? [])];
  if (files.length === 0) return {};
  const main = mainFile(files);
  const fields = { network: await main.text(), networkName: main.name };
  const others = files.filter((f) => f !== main);
  if (others.length > 0) {
    fields.includes = {};
    for (const f of others) fields.includes[f.name] = await f.text();
  }
  return fields;
}

/** Picking files preselects what a connectome run needs (a worm task, CMA-ES); "No connectome" drops them. */
export function bindConnectomePicker() {
  const input = $("evo-network"), clear = $("evo-network-clear");
  if (!input || !clear) return;
  input.addEventListener("change", () => {
    const files = [...input.files];
    const picked = files.length > 0;
    clear.hidden = !picked;
    const main = picked ? mainFile(files) : null;
    document.body.dataset.connectome = main ? main.name : "";
    document.body.dataset.connectomeIncludes = main ? files.filter((f) => f !== main).map((f) => f.name).join(" ") : "";
    if (!picked) return;
    const task = $("evo-task");
    if (!task.value.startsWith("worm-") && [...task.options].some((o) => o.value === "worm-klinotaxis")) {
      task.value = "worm-klinotaxis";
      task.dispatchEvent(new Event("change"));
    }
    if ($("evo-algorithm").value === "neat") $("evo-algorithm").value = "cmaes";
  });
  clear.addEventListener("click", () => {
    input.value = "";
    clear.hidden = true;
    document.body.dataset.connectome = "";
    document.body.dataset.connectomeIncludes = "";
  });
}
