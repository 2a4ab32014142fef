// The evolution page's search options (evolve's --sigma, --restarts, --restart-growth and --test-all-balanced), kept in their
// own block: the step size for cmaes (its initial step size) and neat (a factor on the first genomes' weight spread), the
// IPOP-CMA-ES restarts and their population growth for cmaes, and the all-balancers test on the task that tests each
// generation's fittest network for 100 000 steps (GET /api/evolution/tasks: "testAllBalanced", double-pole-nv). The server
// checks every value with the CLI's own checks and refuses a bad one with its one sentence.
const $ = (id) => document.getElementById(id);

/** Wires the block to the task and algorithm selects; `tasks` is the tasks list of /api/evolution/tasks. */
export function setUpSearchControls(tasks) {
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const update = () => {
    const t = byName.get($("evo-task").value);
    const algorithm = $("evo-algorithm").value;
    $("evo-sigma-label").hidden = !(algorithm === "cmaes" || algorithm === "neat");
    $("evo-restarts-label").hidden = algorithm !== "cmaes";
    $("evo-restart-growth-label").hidden = algorithm !== "cmaes";
    $("evo-test-all-balanced-label").hidden = !t?.testAllBalanced;
    if ($("evo-test-all-balanced-label").hidden) $("evo-test-all-balanced").checked = false;
  };
  $("evo-task").addEventListener("change", update);
  $("evo-algorithm").addEventListener("change", update);
  update();
}

/** A shown number field's value, or the default when hidden or empty (a value the server refuses comes back as its sentence). */
function numberOr(id, fallback) {
  if ($(`${id}-label`).hidden) return fallback;
  const v = $(id).value.trim();
  return v === "" ? fallback : Number(v);
}

/** The request's search fields: each only where shown (else evolve's default); an empty field is its default. */
export function searchFields() {
  return {
    sigma: numberOr("evo-sigma", 1),
    restarts: numberOr("evo-restarts", 0),
    restartGrowth: numberOr("evo-restart-growth", 2),
    testAllBalanced: !$("evo-test-all-balanced-label").hidden && $("evo-test-all-balanced").checked,
  };
}

/** The search options a run's status says are set, for the curve's caption (", sigma 0.5, up to 3 restarts (growth 2), ..."). */
export function searchSummary(f) {
  const parts = [];
  if (f.sigma != null && f.sigma !== 1) parts.push(`sigma ${f.sigma}`);
  if (f.restarts) parts.push(`up to ${f.restarts} restart${f.restarts === 1 ? "" : "s"} (growth ${f.restartGrowth})`);
  if (f.testAllBalanced) parts.push("every balancer tested");
  return parts.map((p) => `, ${p}`).join("");
}
