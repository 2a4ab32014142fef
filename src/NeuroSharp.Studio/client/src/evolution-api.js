// The evolution endpoints of the studio's HTTP API (docs/studio.md, "Evolution").
import { call } from "./api.js";

const q = encodeURIComponent;

export const evolutionApi = {
  tasks: () => call("GET", "/api/evolution/tasks"),
  start: (request) => call("POST", "/api/evolution", request),
  status: (id) => call("GET", `/api/evolution/${q(id)}`),
  stop: (id) => call("POST", `/api/evolution/${q(id)}/stop`),
  resume: (id) => call("POST", `/api/evolution/${q(id)}/resume`),
  champion: (id) => call("GET", `/api/evolution/${q(id)}/champion`),
  replay: (id) => call("GET", `/api/evolution/${q(id)}/replay`),
};
