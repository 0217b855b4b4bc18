"""Native baseline for `npm run bench:projection`: scikit-learn's randomized PCA
(and, where PyTorch is installed, the same autoencoder trained one epoch at a
time) on the very rows the app's bench uses, read from a float32 file.

usage: projection_baseline.py ROWS.f32 N DIM K EPOCHS THREADS
prints one JSON line; a missing library is reported, not installed."""
import json, sys, time

path, n, dim, k, epochs, threads = sys.argv[1], *map(int, sys.argv[2:7])
out = {"threads": threads}
try:
    import numpy as np
    from threadpoolctl import threadpool_limits
    from sklearn.decomposition import PCA
except ImportError as e:  # the bench says the baseline is missing
    print(json.dumps({"missing": f"scikit-learn ({e})"}))
    sys.exit(0)

x = np.fromfile(path, dtype=np.float32).reshape(n, dim)
with threadpool_limits(threads):
    t = time.perf_counter()
    pca = PCA(k, svd_solver="randomized", random_state=1).fit(x)
    y = pca.transform(x)
    out["pca_seconds"] = time.perf_counter() - t
out["retained"] = float(pca.explained_variance_ratio_.sum())
out["pca_iterations"] = "auto"

try:
    import torch
    from torch import nn
except ImportError:
    out["torch_missing"] = True
    print(json.dumps(out))
    sys.exit(0)

torch.set_num_threads(threads)
torch.manual_seed(1)
y = y / np.sqrt(pca.explained_variance_.mean())
data = torch.from_numpy(y.astype(np.float32))


def steps(a, b, count):  # widths as src/stages/projection/layerSizes.ts makes them
    return [max(1, int(np.floor(np.exp(((count - i) * np.log(a) + i * np.log(b)) / count) + 1e-9))) for i in range(1, count)]


def stack(widths, first, last_act):
    layers, prev = [], first
    for i, w in enumerate(widths):
        layers.append(nn.Linear(prev, w))
        if i < len(widths) - 1:
            layers += [nn.ELU(), nn.BatchNorm1d(w)]
        elif last_act:
            layers.append(last_act)
        prev = w
    return nn.Sequential(*layers)


encoder = stack(steps(k, 2, 3) + [2], k, nn.Tanh())
decoder = stack(steps(2, k, 4) + [k], 2, None)
opt = torch.optim.Adam([*encoder.parameters(), *decoder.parameters()], lr=1e-3)


def ratio(t, a, b, c):
    ab = ((t[a] - t[b]) ** 2).sum(1) + 1e-3
    bc = ((t[b] - t[c]) ** 2).sum(1) + 1e-3
    return torch.log(ab / bc)


times = []
for _ in range(epochs):
    t = time.perf_counter()
    order = torch.randperm(n)
    total = torch.zeros(())
    for s in range(0, n, 256):
        idx = order[s:s + 256]
        if len(idx) < 4:
            continue
        xb = data[idx]
        z = encoder(xb)
        rec = ((decoder(z) - xb) ** 2).mean()
        act = (z.mean(0) ** 2).mean() + ((z.var(0, unbiased=False) + 1e-8).sqrt() - 0.3).pow(2).mean()
        a, b, c = (torch.randint(0, len(idx), (len(idx),)) for _ in range(3))
        tri = ((ratio(xb, a, b, c) - ratio(z, a, b, c)) ** 2).mean()
        loss = rec + act + 0.05 * tri
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.detach()
    float(total)  # losses read once per epoch, as the app does
    times.append(time.perf_counter() - t)
out["ae_seconds_per_epoch"] = sum(times) / len(times)
print(json.dumps(out))
