// The evolution page's seed-circuit and sensor-code controls (evolve's --circuit and --sensor-code), kept in their own
// block: each is shown only for the tasks that have it (GET /api/evolution/tasks says which: "circuit", "neatStart",
// "sensorCodes"). The seed circuit is offered to cmaes and cosyne where the task has a circuit to tune ("circuit"), and to
// neat where the task has a start topology for NEAT ("neatStart": evolve --algorithm neat --circuit).
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
  };
  $("evo-task").addEventListener("change", update);
  $("evo-algorithm").addEventListener("change", update);
  update();
}

/** The request's fields for the controls: circuit only when shown and ticked, the sensor code when there is a choice. */
export function circuitFields() {
  return {
    circuit: !$("evo-circuit-label").hidden && $("evo-circuit").checked,
    sensorCode: $("evo-sensor-code-label").hidden ? "log" : $("evo-sensor-code").value,
  };
}
