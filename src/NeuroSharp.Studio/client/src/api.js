// The studio's HTTP API (docs/studio.md). Every call resolves to the JSON body or throws an Error
// whose message is the server's one-sentence explanation.

export async function call(method, url, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  const response = await fetch(url, init);
  if (response.status === 204) return null;
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!response.ok) {
    const error = new Error(json?.error ?? `${method} ${url} failed (${response.status}).`);
    error.status = response.status;
    throw error;
  }
  return json;
}

/** A GET of a binary body (a download); an error still comes back as the server's JSON sentence. */
async function bytes(url) {
  const response = await fetch(url);
  if (!response.ok) {
    let text = "";
    try { text = JSON.parse(await response.text())?.error ?? ""; } catch { /* not JSON */ }
    const error = new Error(text || `GET ${url} failed (${response.status}).`);
    error.status = response.status;
    throw error;
  }
  return { bytes: await response.arrayBuffer(), steps: response.headers.get("X-NeuroSharp-Steps") };
}

const q = encodeURIComponent;

export const api = {
  info: () => call("GET", "/api/info"),
  models: () => call("GET", "/api/models"),
  examples: () => call("GET", "/api/examples"),
  example: (name) => call("GET", `/api/examples/${q(name)}`),
  validate: (text, source) => call("POST", `/api/networks/validate?source=${q(source ?? "upload")}`, text),
  files: () => call("GET", "/api/files"),
  loadFile: (path) => call("GET", `/api/file?path=${q(path)}`),
  saveFile: (path, network, overwrite = false) => call("PUT", `/api/file?path=${q(path)}${overwrite ? "&overwrite=true" : ""}`, network),
  createSimulation: (network) => call("POST", "/api/simulations", network),
  simulation: (id) => call("GET", `/api/simulations/${q(id)}`),
  replaceNetwork: (id, network) => call("PUT", `/api/simulations/${q(id)}/network`, network),
  command: (id, command) => call("POST", `/api/simulations/${q(id)}/commands`, command),
  nwb: (id) => bytes(`/api/simulations/${q(id)}/nwb`),
  startClustering: (request) => call("POST", "/api/clustering", request),
  stopClustering: (id) => call("POST", `/api/clustering/${q(id)}/stop`),
};

export function socketUrl(path) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${path}`;
}
