// The evolution page's connectome picker (evolve --network): a C. elegans connectome file (NeuroML .net.nml such as
// c302's, or a network JSON) chosen on the page is sent with the request as text; the server validates it (400 with one
// sentence) and the run tunes its gains and head oscillator, keeping its wiring (docs/world-worm.md).
const $ = (id) => document.getElementById(id);

/** The request fields of the picked connectome: {network, networkName}, or {} when none is picked. */
export async function connectomeFields() {
  const file = $("evo-network")?.files?.[0];
  if (!file) return {};
  return { network: await file.text(), networkName: file.name };
}

/** Picking a file preselects what a connectome run needs (a worm task, CMA-ES); "No connectome" drops the file. */
export function bindConnectomePicker() {
  const input = $("evo-network"), clear = $("evo-network-clear");
  if (!input || !clear) return;
  input.addEventListener("change", () => {
    const picked = input.files.length > 0;
    clear.hidden = !picked;
    document.body.dataset.connectome = picked ? input.files[0].name : "";
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
  });
}
