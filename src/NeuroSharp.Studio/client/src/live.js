// The live link to a simulation on the server: a WebSocket that brings "network" and "frame"
// messages and takes commands. Frames are only stored here; painting happens on animation frames
// (paint), so a burst of frames costs one paint.
import { api, socketUrl } from "./api.js";

const FLASH_MS = 350;

export class Live {
  constructor(handlers) {
    this.handlers = handlers; // { network(layout), frame(frame), error(text), models() }
    this.socket = null;
    this.id = null;
    this.layout = null;
    this.latest = null;
    this.painted = null;
    this.flashes = new Map(); // element -> expiry time
  }

  connect(id) {
    this.id = id;
    this.close();
    const socket = new WebSocket(socketUrl(`/api/simulations/${encodeURIComponent(id)}/stream`));
    this.socket = socket;
    socket.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.type === "network") { this.layout = m; this.handlers.network(m); }
      else if (m.type === "frame") { this.latest = m; this.handlers.frame(m); }
      else if (m.type === "error") this.handlers.error(m.message);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.handlers.error("The connection to the studio closed; reconnecting…");
      setTimeout(() => { if (!this.socket && this.id === id) this.handlers.reconnect(); }, 1000);
    };
  }

  close() {
    const s = this.socket;
    this.socket = null;
    if (s && s.readyState <= 1) s.close();
  }

  /** Sends a command over the socket (or HTTP when the socket is not open). */
  async send(command) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(command));
    else if (this.id) await api.command(this.id, command);
  }

  /** Paints the latest frame onto the editor's elements; returns true if something was painted. */
  paint(editor, doc, panel) {
    const now = performance.now();
    for (const [e, until] of this.flashes) {
      if (now < until) continue;
      e.classList.remove("fired", "active");
      if (e.tagName === "path") e.setAttribute("marker-end", "url(#arrow)");
      this.flashes.delete(e);
    }
    const f = this.latest;
    if (!f || f === this.painted || !this.layout) return false;
    this.painted = f;
    const thresholds = new Map(this.layout.neurons.map((n) => [n.id, n.threshold]));
    for (const n of f.neurons) {
      const e = editor.nodeElements.get(`n:${n.id}`);
      if (!e) continue;
      const spec = doc.neuron(n.id);
      if (n.phase) {
        e.g.setAttribute("data-phase", n.phase);
        e.phase.textContent = n.phase.toUpperCase();
        const threshold = thresholds.get(n.id) ?? 10;
        // values: phase, sta, str, dendrite A/I, synapse A/I, accumulated A/I, current A/I, last A/I.
        // Firing is decided by last A + last I (I is negative) against the threshold.
        const sum = n.values[11] + n.values[12];
        setBar(e.bars[0], sum / threshold);
        e.bars[0]?.classList.toggle("over", sum > threshold);
        e.g.setAttribute("data-sum", String(sum));
        e.g.setAttribute("data-activator", n.values[11]);
        e.g.setAttribute("data-inhibitor", n.values[12]);
      } else if (e.bars.length && n.values.length) {
        const model = this.handlers.models?.().find((m) => m.name === spec?.model);
        const [low, high] = voltageRange(model, spec ? panel.effectiveParams(spec) : {});
        setBar(e.bars[0], (n.values[0] - low) / (high - low));
        e.phase.textContent = `v ${n.values[0].toFixed(1)}`;
      }
      if (n.fired) this.flash(e.g, now);
    }
    for (const k of f.activeLinks) {
      const l = this.layout.links[k];
      const path = l && editor.edgeElements.get(`l:${l.from}->${l.to}`);
      if (!path) continue;
      path.setAttribute("data-transmissions", String(Number(path.getAttribute("data-transmissions") ?? 0) + 1));
      path.setAttribute("marker-end", "url(#arrow-active)");
      this.flash(path, now, "active");
    }
    for (const p of f.populations) {
      const e = editor.nodeElements.get(`p:${p.name}`);
      if (e) e.phase.textContent = `${this.smoothedRate(p, f.timeMs).toFixed(1)} Hz · ${p.spikes} spikes`;
    }
    panel.readout(f);
    panel.paintCell(f);
    return true;
  }

  /** A population's rate over the last 200 ms of simulated time (one frame's window is too short to read). */
  smoothedRate(p, timeMs) {
    this.rates ??= new Map();
    let history = this.rates.get(p.name);
    if (!history || (history.length && history[history.length - 1][0] > timeMs)) this.rates.set(p.name, history = []);
    history.push([timeMs, p.spikes]);
    while (history.length > 2 && timeMs - history[1][0] >= 200) history.shift();
    const [t0, s0] = history[0];
    const count = this.layout.populations.find((x) => x.name === p.name)?.count ?? 1;
    return timeMs > t0 ? ((p.spikes - s0) / count) / ((timeMs - t0) / 1000) : 0;
  }

  flash(element, now, cls = "fired") {
    element.classList.add(cls);
    this.flashes.set(element, now + FLASH_MS);
  }
}

function setBar(rect, fraction) {
  if (!rect) return;
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  const h = 44 * f;
  rect.setAttribute("y", String(22 - h));
  rect.setAttribute("height", String(h));
}

// The model catalog (/api/models) says which parameters bound each model's v bar.
function voltageRange(model, p) {
  const r = model?.voltageRange ?? { lowParam: "restMv", low: -70, highParam: "thresholdMv", high: -50 };
  return [(r.lowParam && p[r.lowParam]) ?? r.low, (r.highParam && p[r.highParam]) ?? r.high];
}
