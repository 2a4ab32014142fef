// Draws a champion's world on a canvas from the state the server streams for each frame (the layouts of
// docs/evolution-pole-balancing.md, docs/world-worm.md, docs/evolution-xor.md and the touch reflex's page):
// the cart and its poles, the worm in its dish, XOR's four patterns, or the touch reflex's time line.

const INK = "#222", MUTED = "#999", RIGHT = "#f28e2b", LEFT = "#76b7b2";

function clear(ctx) {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
}

function caption(ctx, text) {
  ctx.fillStyle = INK;
  ctx.font = "13px system-ui, sans-serif";
  ctx.fillText(text, 8, 18);
}

/** Cart-pole: [x, xDot, theta1, theta1Dot, theta2, theta2Dot]; track ±2.4 m, poles 1 m and 0.1 m. */
function cartPole(ctx, replay, frame) {
  const w = ctx.canvas.width, h = ctx.canvas.height, s = frame.state;
  const scale = (w - 40) / 4.8, ground = h - 40, mid = w / 2;
  ctx.strokeStyle = MUTED; ctx.lineWidth = 2;
  ctx.beginPath(); ctx.moveTo(mid - 2.4 * scale, ground); ctx.lineTo(mid + 2.4 * scale, ground); ctx.stroke();
  for (const e of [-2.4, 2.4]) { ctx.beginPath(); ctx.moveTo(mid + e * scale, ground - 8); ctx.lineTo(mid + e * scale, ground + 8); ctx.stroke(); }
  const cx = mid + s[0] * scale;
  ctx.fillStyle = "#4e79a7";
  ctx.fillRect(cx - 22, ground - 20, 44, 18);
  const pole = (angle, length, colour) => {
    const l = length * scale * 1.2;
    ctx.strokeStyle = colour; ctx.lineWidth = 6; ctx.lineCap = "round";
    ctx.beginPath(); ctx.moveTo(cx, ground - 20); ctx.lineTo(cx + l * Math.sin(angle), ground - 20 - l * Math.cos(angle)); ctx.stroke();
  };
  pole(s[2], 1.0, "#e15759");
  if (replay.task !== "single-pole") pole(s[4], 0.1, "#59a14f");
  const t = (frame.step + 1) * replay.stepSeconds;
  caption(ctx, `t = ${t.toFixed(2)} s · x = ${s[0].toFixed(2)} m · θ1 = ${(s[2] * 180 / Math.PI).toFixed(1)}°`);
  const push = frame.spikes;
  push.slice(0, 2).forEach((n, k) => {
    ctx.fillStyle = k === 0 ? RIGHT : LEFT;
    ctx.fillRect(w - 110, 30 + 16 * k, Math.min(100, 6 * n), 10);
    ctx.fillStyle = INK; ctx.font = "11px system-ui, sans-serif";
    ctx.fillText(k === 0 ? "right" : "left", w - 145, 39 + 16 * k);
  });
}

/** The worm: header of 12 values, then x[N], y[N], left[N], right[N], (x, y, eaten) per food, (x, y, r) per obstacle. */
function worm(ctx, replay, frame) {
  const s = frame.state, n = s[7], foods = s[8], obstacles = s[9];
  const width = s[5], height = s[6], border = 8;
  const scale = Math.min((ctx.canvas.width - 2 * border) / width, (ctx.canvas.height - 2 * border - 20) / height);
  const P = (x, y) => [border + x * scale, border + (height - y) * scale];
  ctx.fillStyle = "#f0f0e8"; ctx.fillRect(border, border, width * scale, height * scale);
  let o = 12 + 4 * n;
  for (let k = 0; k < foods; k++, o += 3) {
    const [x, y] = P(s[o], s[o + 1]);
    if (s[o + 2] === 0) {
      ctx.fillStyle = "#cde6c8"; ctx.beginPath(); ctx.arc(x, y, 0.6 * scale, 0, 2 * Math.PI); ctx.fill();
      ctx.fillStyle = "#59a14f"; ctx.beginPath(); ctx.arc(x, y, 0.12 * scale, 0, 2 * Math.PI); ctx.fill();
    } else {
      ctx.strokeStyle = "#59a14f"; ctx.lineWidth = 2; ctx.beginPath(); ctx.arc(x, y, 0.12 * scale, 0, 2 * Math.PI); ctx.stroke();
    }
  }
  for (let k = 0; k < obstacles; k++, o += 3) {
    const [x, y] = P(s[o], s[o + 1]);
    ctx.fillStyle = "#c8c8c8"; ctx.beginPath(); ctx.arc(x, y, s[o + 2] * scale, 0, 2 * Math.PI); ctx.fill();
  }
  ctx.strokeStyle = "#3c3c3c"; ctx.lineWidth = 3; ctx.strokeRect(border, border, width * scale, height * scale);
  const x0 = 12, y0 = x0 + n, l0 = y0 + n, r0 = l0 + n, radius = Math.max(2, s[11] * scale);
  ctx.strokeStyle = "#787878"; ctx.lineWidth = 2 * radius; ctx.lineCap = "round";
  ctx.beginPath();
  for (let i = 0; i < n; i++) { const [x, y] = P(s[x0 + i], s[y0 + i]); if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y); }
  ctx.stroke();
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - 1), b = Math.min(n - 1, i + 1);
    const tx = s[x0 + a] - s[x0 + b], ty = s[y0 + a] - s[y0 + b], len = Math.max(1e-12, Math.hypot(tx, ty));
    const nx = -ty / len, ny = tx / len, off = s[11];
    for (const [act, sign, colour] of [[s[l0 + i], 1, "#e15759"], [s[r0 + i], -1, "#4e79a7"]]) {
      if (act <= 0.05) continue;
      const [x, y] = P(s[x0 + i] + sign * nx * off, s[y0 + i] + sign * ny * off);
      ctx.fillStyle = colour; ctx.beginPath(); ctx.arc(x, y, radius * (0.4 + 0.6 * act), 0, 2 * Math.PI); ctx.fill();
    }
  }
  const [hx, hy] = P(s[x0], s[y0]);
  ctx.fillStyle = INK; ctx.beginPath(); ctx.arc(hx, hy, radius * 0.6, 0, 2 * Math.PI); ctx.fill();
  ctx.fillStyle = "rgba(242,190,40,.8)";
  if (s[2]) { ctx.beginPath(); ctx.arc(hx, hy, radius * 2.5, 0, 2 * Math.PI); ctx.fill(); }
  if (s[3]) { const [tx, ty] = P(s[x0 + n - 1], s[y0 + n - 1]); ctx.beginPath(); ctx.arc(tx, ty, radius * 2.5, 0, 2 * Math.PI); ctx.fill(); }
  ctx.fillStyle = INK; ctx.font = "12px system-ui, sans-serif";
  ctx.fillText(`trial ${frame.episode + 1} · t ${s[0].toFixed(1)} s · food ${s[10]}/${foods} · energy ${s[1].toFixed(1)}${s[4] ? " · reversing" : ""}`, border, ctx.canvas.height - 6);
}

/** XOR: [a, b, target, y] per pattern; all four shown, the current one framed. */
function xor(ctx, replay, frame, index) {
  caption(ctx, "XOR: output y = min(1, motor spikes / 25) for each pattern");
  const rowH = 46, top = 40, barX = 200, barW = ctx.canvas.width - barX - 30;
  replay.frames.forEach((f, k) => {
    const [a, b, target, y] = f.state, yy = top + k * rowH;
    if (k === index) { ctx.strokeStyle = "#2f6fdd"; ctx.lineWidth = 2; ctx.strokeRect(4, yy - 4, ctx.canvas.width - 8, rowH - 6); }
    ctx.fillStyle = INK; ctx.font = "14px ui-monospace, monospace";
    ctx.fillText(`${a} xor ${b} = ${target}`, 16, yy + 22);
    ctx.fillStyle = "#eee"; ctx.fillRect(barX, yy + 6, barW, 22);
    ctx.fillStyle = Math.abs(y - target) < 0.5 ? "#59a14f" : "#e15759";
    ctx.fillRect(barX, yy + 6, barW * Math.min(1, y), 22);
    ctx.strokeStyle = INK; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(barX + barW * 0.5, yy + 2); ctx.lineTo(barX + barW * 0.5, yy + 32); ctx.stroke();
    ctx.fillStyle = INK; ctx.font = "12px system-ui, sans-serif";
    ctx.fillText(`y ${y.toFixed(2)} (${f.spikes[0]} spikes)`, barX + 4, yy + 22);
  });
}

/** The touch reflex: [step, touched, muscle spikes]; the whole time line, a cursor at the current frame. */
function touchReflex(ctx, replay, frame, index) {
  const w = ctx.canvas.width, h = ctx.canvas.height, n = replay.frames.length, dx = (w - 20) / Math.max(1, n);
  caption(ctx, "Touch reflex: skin touched (shaded) and the muscle's spikes");
  const max = Math.max(1, ...replay.frames.map((f) => f.spikes[0]));
  replay.frames.forEach((f, k) => {
    const x = 10 + k * dx;
    if (f.state[1]) { ctx.fillStyle = "#fde8b0"; ctx.fillRect(x, 40, Math.ceil(dx), h - 80); }
    if (f.spikes[0]) { ctx.fillStyle = "#e15759"; const bh = (h - 80) * f.spikes[0] / max; ctx.fillRect(x, h - 40 - bh, Math.max(1, dx - 0.5), bh); }
  });
  ctx.strokeStyle = "#2f6fdd"; ctx.lineWidth = 2;
  ctx.beginPath(); ctx.moveTo(10 + index * dx, 30); ctx.lineTo(10 + index * dx, h - 30); ctx.stroke();
  ctx.fillStyle = INK; ctx.font = "12px system-ui, sans-serif";
  ctx.fillText(`step ${frame.state[0]} · ${frame.state[1] ? "touched" : "not touched"} · ${frame.spikes[0]} spikes`, 10, h - 10);
}

function trace(ctx, replay, frame) {
  caption(ctx, `step ${frame.step}: ${frame.state.map((v) => v.toFixed(3)).join(", ")}`);
}

const DRAW = { "cart-pole": cartPole, worm, xor, "touch-reflex": touchReflex, trace };

/** Draws frame `index` of a replay. */
export function drawWorld(canvas, replay, index) {
  const ctx = canvas.getContext("2d");
  clear(ctx);
  const frame = replay.frames[index];
  if (!frame) { caption(ctx, "No frames."); return; }
  (DRAW[replay.world] ?? trace)(ctx, replay, frame, index);
}

const groupMaxima = new WeakMap();

/** Colours of the raster's labelled groups (the replay's raster.groups). */
export const GROUP_COLOURS = { sensors: "#4e79a7", hidden: "#76716e", motor: "#e15759" };

/** Rows of a replay's raster with their labelled groups: every neuron when the replay has them, else the motor neurons. */
export function rasterRows(replay) {
  if (replay.raster && replay.raster.neurons > 0) {
    return { rows: replay.raster.neurons, groups: replay.raster.groups, counts: (f) => f.neurons };
  }
  const m = Math.max(1, replay.motorNeurons);
  return { rows: m, groups: [{ name: "motor", start: 0, count: replay.motorNeurons }], counts: (f) => f.spikes };
}

/**
 * The network's raster: one row per neuron (sensors, hidden, motor, each group labelled at the left in its colour),
 * one column per frame, stronger for more spikes (scaled per group, so quiet hidden neurons still show beside
 * sensors that fire near 470 Hz); a cursor at frame `index`.
 */
export function drawRaster(canvas, replay, index) {
  const { rows, groups, counts } = rasterRows(replay);
  // A row of at least 3 pixels where that fits in 240; the canvas keeps its height while the row count stays.
  const height = Math.max(60, Math.min(240, rows * 6));
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext("2d");
  clear(ctx);
  const n = replay.frames.length;
  if (!n) return;
  const left = 58, dx = (canvas.width - left) / n, dy = canvas.height / rows;
  // Each group's largest count, found once per replay (the raster is drawn on every animation frame).
  const maxima = groupMaxima.get(replay) ?? groups.map((g) => {
    let max = 1;
    for (const f of replay.frames) { const c = counts(f); for (let r = g.start; r < g.start + g.count; r++) max = Math.max(max, c[r]); }
    return max;
  });
  groupMaxima.set(replay, maxima);
  groups.forEach((g, gi) => {
    if (!g.count) return;
    const max = maxima[gi];
    const colour = GROUP_COLOURS[g.name] ?? INK;
    ctx.fillStyle = colour;
    replay.frames.forEach((f, k) => {
      const c = counts(f);
      for (let r = g.start; r < g.start + g.count; r++) {
        if (!c[r]) continue;
        ctx.globalAlpha = 0.3 + 0.7 * c[r] / max;
        ctx.fillRect(left + k * dx, r * dy + (dy > 3 ? 0.5 : 0), Math.max(1, dx), Math.max(1, dy > 3 ? dy - 1 : dy));
      }
    });
    ctx.globalAlpha = 1;
    ctx.font = "11px system-ui, sans-serif";
    ctx.textBaseline = "middle";
    ctx.fillText(`${g.name} ${g.count}`, 4, Math.min(canvas.height - 6, Math.max(6, (g.start + g.count / 2) * dy)));
    if (g.start > 0) {
      ctx.strokeStyle = MUTED; ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(0, g.start * dy); ctx.lineTo(canvas.width, g.start * dy); ctx.stroke();
    }
  });
  ctx.textBaseline = "alphabetic";
  // The cursor: a faint band over the frame shown and a line at its start, so the spikes under it stay visible.
  ctx.fillStyle = "rgba(47,111,221,.12)";
  ctx.fillRect(left + index * dx, 0, Math.max(1, dx), canvas.height);
  ctx.fillStyle = "rgba(47,111,221,.9)";
  ctx.fillRect(left + index * dx, 0, 2, canvas.height);
}

/** Seconds a frame stays on screen: simulated time where a step is time (at most 2 s of it a second), else a fixed pace. */
export function frameSeconds(replay) {
  if (replay.world === "xor") return 0.6;
  if (replay.stepSeconds > 0) return Math.min(0.5, Math.max(1 / 60, replay.stride * replay.stepSeconds / 2));
  return 1 / 30;
}
