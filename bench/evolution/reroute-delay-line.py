#!/usr/bin/env python3
"""Maps a double-pole-nv delay-line circuit (e.g. an evolve --circuit champion.json) onto NEAT's delay-line start topology,
one link per sensor and motor, with the same motor difference: w_fast = 2 (P + V) on v+ -> push right and v- -> push left,
w_slow = 2 V one window later on v+ -> push left and v- -> push right, the bias as it was (docs/evolution-pole-balancing.md,
"NEAT on the pole tasks"). Prints the links (source, target, signed mV, delay ms) and writes the network.

    python3 bench/evolution/reroute-delay-line.py OUT/champion.json rerouted.json
    neurosharp play rerouted.json --task double-pole-nv --sensor-code linear --steps 100000 --animation none
"""
import json, sys, collections
src, dst = sys.argv[1], sys.argv[2]
net = json.load(open(src))
W = collections.defaultdict(float)   # (path, s, t) -> signed weight
delay = 0.0
for p in net['projections']:
    c = p['connectivity']; path = 'slow' if ':slow:' in p['name'] else 'fast'
    sign = -1 if p['receptor'].lower().startswith('inh') else 1
    for k, (s, t, w) in enumerate(zip(c['sources'], c['targets'], c['weights'])):
        W[(path, s, t)] += sign * w
        if path == 'slow': delay = c['delaysMs'][k]
R, L = 0, 1
links = []  # (s, t, signed w, delay)
for v in range(3):
    plus, minus = 2 * v, 2 * v + 1
    a = W[('fast', plus, R)] - W[('fast', plus, L)]     # 2(P+V)
    b = -(W[('slow', plus, R)] - W[('slow', plus, L)])  # 2V
    links += [(plus, R, a, 0.0), (plus, L, b, delay), (minus, L, a, 0.0), (minus, R, b, delay)]
links += [(6, R, W[('fast', 6, R)], 0.0), (6, L, W[('fast', 6, L)], 0.0)]
groups = collections.defaultdict(list)
for s, t, w, d in links:
    groups[(d > 0, w < 0)].append((s, t, abs(w), d))
proj = []
for (slow, inh), lst in sorted(groups.items()):
    proj.append({'name': f"input->output:{'slow' if slow else 'fast'}:{'inh' if inh else 'exc'}", 'source': 'input', 'target': 'output',
                 'receptor': 'inhibitory' if inh else 'excitatory', 'weight': 1, 'delayMs': 0,
                 'connectivity': {'rule': 'explicit', 'sources': [x[0] for x in lst], 'targets': [x[1] for x in lst],
                                  'weights': [x[2] for x in lst], 'delaysMs': [x[3] for x in lst]}})
print(json.dumps(links))
net['projections'] = proj
net['name'] = 'rerouted'
json.dump(net, open(dst, 'w'), indent=1)
