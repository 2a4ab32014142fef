// The evolution page's NEAT options (evolve's --push-pull, --pv-step, --weight-limit, --bias-step, --min-scale,
// --shared-delay, --delay-step and the reproduction options --elitism, --survival, --weight-gene-rate, --cauchy,
// --add-neuron-rate, --add-link-rate), kept in their own block, shown for neat only. Push-pull genes are offered once
// mirror-tied genes are ticked; the bias step, the mutation-scale floor, and the shared slow delay and P/V step on the tasks
// that have a bias sensor, a self-adapted mutation size and fast/slow lane pairs (GET /api/evolution/tasks: "biasStep",
// "minScale", "sharedDelay", which says the task has lane pairs). The server checks every value with the CLI's own checks and refuses a bad one, or a combination the CLI
// refuses (the P/V step with the weight gene rate or Cauchy), with its one sentence. Also the preset that fills the form
// with the setting docs/results.md reports for NEAT on double-pole-nv.
const $ = (id) => document.getElementById(id);

/** Wires the block to the task, algorithm and mirror controls; `tasks` is the tasks list of /api/evolution/tasks. */
export function setUpNeatControls(tasks) {
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const update = () => {
    const t = byName.get($("evo-task").value);
    const neat = $("evo-algorithm").value === "neat";
    $("evo-neat-block").hidden = !neat;
    $("evo-push-pull-label").hidden = !(neat && t?.mirror && $("evo-mirror").checked);
    if ($("evo-push-pull-label").hidden) $("evo-push-pull").checked = false;
    $("evo-bias-step-label").hidden = !(neat && t?.biasStep);
    $("evo-min-scale-label").hidden = !(neat && t?.minScale);
    $("evo-shared-delay-label").hidden = !(neat && t?.sharedDelay);
    if ($("evo-shared-delay-label").hidden) $("evo-shared-delay").checked = false;
    $("evo-pv-step-label").hidden = !(neat && t?.sharedDelay); // one lane per pair (xor): nothing for the P/V step to move
  };
  for (const id of ["evo-task", "evo-algorithm", "evo-mirror"]) $(id).addEventListener("change", update);
  update();
}

/** A number field's value: null when empty (the default), else the number (a value the server refuses comes back as its sentence). */
function numberOf(id, hiddenLabel = null) {
  if (hiddenLabel && $(hiddenLabel).hidden) return null;
  const v = $(id).value.trim();
  return v === "" ? null : Number(v);
}

/** The request's NEAT fields: each only where shown (else its default); an empty field is its default. */
export function neatFields() {
  if ($("evo-neat-block").hidden) return {};
  return {
    pushPull: !$("evo-push-pull-label").hidden && $("evo-push-pull").checked,
    pvStep: numberOf("evo-pv-step", "evo-pv-step-label"),
    weightLimit: numberOf("evo-weight-limit"),
    biasStep: numberOf("evo-bias-step", "evo-bias-step-label") ?? 1,
    minScale: numberOf("evo-min-scale", "evo-min-scale-label"),
    sharedDelay: !$("evo-shared-delay-label").hidden && $("evo-shared-delay").checked,
    delayStep: numberOf("evo-delay-step") ?? 1,
    elitism: numberOf("evo-elitism"),
    survival: numberOf("evo-survival"),
    weightGeneRate: numberOf("evo-weight-gene-rate"),
    cauchy: $("evo-cauchy").checked,
    addNeuronRate: numberOf("evo-add-neuron-rate"),
    addLinkRate: numberOf("evo-add-link-rate"),
  };
}

/** The NEAT options a run's status says are set, for the curve's caption (", push-pull genes, P/V step 0.3, ..."). */
export function neatSummary(f) {
  const parts = [];
  if (f.pushPull) parts.push("push-pull genes");
  if (f.pvStep != null) parts.push(`P/V step ${f.pvStep}`);
  if (f.weightLimit != null) parts.push(`weight limit ${f.weightLimit}`);
  if (f.biasStep != null && f.biasStep !== 1) parts.push(`bias step ${f.biasStep}`);
  if (f.minScale != null) parts.push(`min scale ${f.minScale}`);
  if (f.sharedDelay) parts.push("shared slow delay");
  if (f.delayStep != null && f.delayStep !== 1) parts.push(`delay step ${f.delayStep}`);
  if (f.elitism != null) parts.push(`elitism ${f.elitism}`);
  if (f.survival != null) parts.push(`survival ${f.survival}`);
  if (f.weightGeneRate != null) parts.push(`weight gene rate ${f.weightGeneRate}`);
  if (f.cauchy) parts.push("Cauchy perturbations");
  if (f.addNeuronRate != null) parts.push(`add-neuron rate ${f.addNeuronRate}`);
  if (f.addLinkRate != null) parts.push(`add-link rate ${f.addLinkRate}`);
  return parts.map((p) => `, ${p}`).join("");
}

/** The command the preset stands for (docs/results.md, Evolution: NEAT on double-pole-nv over seeds 1 .. 50). */
export const NEAT_NV_COMMAND = "neurosharp evolve --task double-pole-nv --algorithm neat --circuit --mirror --push-pull --sensor-code linear "
  + "--pv-step 0.3 --weight-limit 50 --bias-step 0.033 --min-scale 0.2 --generations 1000 --max-evaluations 40000";

function set(id, value) {
  const el = $(id);
  if (el.type === "checkbox") el.checked = value; else el.value = value;
  el.dispatchEvent(new Event("change"));
}

/**
 * Fills the form with the preset: every field of the command above, the population emptied (NEAT's default, 150, as the
 * command leaves it), every other NEAT option (sigma too) at its default, the all-balancers test off and no connectome. The seed is the user's. Returns the line the
 * status shows.
 */
export function applyNeatNvPreset() {
  if ($("evo-network-clear") && !$("evo-network-clear").hidden) $("evo-network-clear").click();
  set("evo-task", "double-pole-nv");
  set("evo-algorithm", "neat");
  set("evo-model", "lif");
  $("evo-form").elements.population.value = "";
  $("evo-form").elements.generations.value = "1000";
  set("evo-circuit", true);
  set("evo-sensor-code", "linear");
  set("evo-mirror", true);
  set("evo-push-pull", true);
  for (const [id, v] of [["evo-pv-step", "0.3"], ["evo-weight-limit", "50"], ["evo-bias-step", "0.033"], ["evo-min-scale", "0.2"],
    ["evo-delay-step", ""], ["evo-elitism", ""], ["evo-survival", ""], ["evo-weight-gene-rate", ""], ["evo-add-neuron-rate", ""],
    ["evo-add-link-rate", ""], ["evo-sigma", ""], ["evo-max-evaluations", "40000"]]) $(id).value = v;
  set("evo-shared-delay", false);
  set("evo-test-all-balanced", false);
  set("evo-cauchy", false);
  return `Filled in ${NEAT_NV_COMMAND} (population: NEAT's 150). docs/results.md reports it solving 40 of 50 seeds (1 .. 50), `
    + "a mean of 7 676 evaluations to the first solution and 17 689 spent per solution counting the 10 unsolved runs. Pick a seed and press Start.";
}
