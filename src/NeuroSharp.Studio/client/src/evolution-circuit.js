// The evolution page's seed-circuit and sensor-code controls (evolve's --circuit and --sensor-code), kept in their own
// block: each is shown only for the tasks that have it (GET /api/evolution/tasks says which: "circuit", "neatStart",
// "sensorCodes"). The seed circuit is offered to cmaes and cosyne where the task has a circuit to tune ("circuit"), and to
// neat where the task has a start topology for NEAT ("neatStart": evolve --algorithm neat --circuit). Mirror-tied genes
// (evolve --mirror) are offered to neat where the task has mirror symmetry ("mirror"); the cart delay (evolve --cart-delay)
// to cmaes and cosyne on a ticked seed circuit where the task has one ("cartDelay": double-pole-nv).
const $ = (id) => document.getElementById(id);

/** Wires the controls to the task and algorithm selects; `tasks` is the tasks list of /api/evolution/tasks. */
export function setUpCircuitControls(tasks) {
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const update = () => {
    const t = byName.get($("evo-task").value);
    const circuitShown = $("evo-algorithm").value === "neat" ? !!t?.neatStart : !!t?.circuit;
    $("evo-circuit-label").hidden = !circuitShown;
    if (!circuitShown) $("evo-circuit").checked = false;
    const codes = t?.sensorCodes ?? ["log"];
    const kept = codes.includes($("evo-sensor-code").value) ? $("evo-sensor-code").value : codes[0];
    $("evo-sensor-code").replaceChildren(...codes.map((c) => new Option(c, c)));
    $("evo-sensor-code").value = kept;
    $("evo-sensor-code-label").hidden = codes.length < 2;
    const neat = $("evo-algorithm").value === "neat";
    $("evo-mirror-label").hidden = !(neat && t?.mirror);
    if ($("evo-mirror-label").hidden) $("evo-mirror").checked = false;
    $("evo-cart-delay-label").hidden = !(!neat && t?.cartDelay && $("evo-circuit").checked);
  };
  $("evo-task").addEventListener("change", update);
  $("evo-algorithm").addEventListener("change", update);
  $("evo-circuit").addEventListener("change", update);
  update();
}

/**
 * The request's fields for the controls: circuit only when shown and ticked, the sensor code when there is a choice,
 * mirror and the cart delay only when shown (an empty cart delay is null), the evaluation bound (empty: 0, none). A
 * value the server refuses comes back as its one sentence.
 */
export function circuitFields() {
  const cartDelay = $("evo-cart-delay").value.trim();
  const maxEvaluations = $("evo-max-evaluations").value.trim();
  return {
    circuit: !$("evo-circuit-label").hidden && $("evo-circuit").checked,
    sensorCode: $("evo-sensor-code-label").hidden ? "log" : $("evo-sensor-code").value,
    mirror: !$("evo-mirror-label").hidden && $("evo-mirror").checked,
    cartDelay: $("evo-cart-delay-label").hidden || cartDelay === "" ? null : Number(cartDelay),
    maxEvaluations: maxEvaluations === "" ? 0 : Number(maxEvaluations),
  };
}
