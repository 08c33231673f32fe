"""t-SNE (van der Maaten & Hinton, 2008) and a labelled scatter plot, for
the style / memory figures of INIT (Fig. 7) and MGUIT (Fig. 9).

An exact O(n^2) implementation in torch (no scikit-learn dependency),
fine for the few thousand points of these figures.
"""
import os
import os.path as osp
from typing import Dict, Optional

import numpy as np
import torch
from torch import Tensor


def _affinities(x: Tensor, perplexity: float, tol: float = 1e-5,
                steps: int = 64) -> Tensor:
    """Symmetric joint probabilities P of the input points: a Gaussian per
    point whose precision is binary-searched to the target perplexity."""
    n = len(x)
    d2 = torch.cdist(x, x).pow(2)
    d2.fill_diagonal_(float('inf'))
    target = float(np.log(perplexity))
    lo = torch.zeros(n, dtype=x.dtype)
    hi = torch.full((n, ), float('inf'), dtype=x.dtype)
    beta = torch.ones(n, dtype=x.dtype)
    for _ in range(steps):
        logits = -d2 * beta[:, None]
        p = torch.softmax(logits, dim=1)
        # entropy H = -sum p log p
        h = -(p * torch.log_softmax(logits, dim=1).nan_to_num(
            0.0, 0.0, 0.0)).sum(1)
        if (h - target).abs().max() < tol:
            break
        too_flat = h > target  # increase beta
        lo = torch.where(too_flat, beta, lo)
        hi = torch.where(too_flat, hi, beta)
        beta = torch.where(torch.isinf(hi), beta * 2, (lo + hi) / 2)
    p = (p + p.t()) / (2 * n)
    return p.clamp_min(1e-12)


def tsne(x: Tensor, dim: int = 2, perplexity: float = 30.0,
         iters: int = 500, seed: int = 0) -> np.ndarray:
    """Embed (n, d) points in ``dim`` dimensions.

    Standard schedule: early exaggeration 12 for 100 iterations, momentum
    0.5 then 0.8, learning rate max(n / 12, 50), gains as in the reference
    implementation. Deterministic for a given ``seed``.

    Returns:
        np.ndarray: (n, dim).
    """
    x = torch.as_tensor(x, dtype=torch.float64)
    n = len(x)
    if n < 3:
        raise ValueError(f't-SNE needs at least 3 points, got {n}')
    perplexity = min(perplexity, (n - 1) / 3)
    p = _affinities(x, perplexity)
    gen = torch.Generator().manual_seed(seed)
    y = torch.randn(n, dim, generator=gen, dtype=torch.float64) * 1e-4
    update = torch.zeros_like(y)
    gains = torch.ones_like(y)
    lr = max(n / 12.0, 50.0)
    for it in range(iters):
        exaggeration = 12.0 if it < 100 else 1.0
        num = 1.0 / (1.0 + torch.cdist(y, y).pow(2))
        num.fill_diagonal_(0.0)
        q = (num / num.sum()).clamp_min(1e-12)
        w = (exaggeration * p - q) * num  # (n, n)
        grad = 4.0 * (w.sum(1, keepdim=True) * y - w @ y)
        momentum = 0.5 if it < 250 else 0.8
        same = (grad > 0) == (update > 0)
        gains = torch.where(same, gains * 0.8, gains + 0.2).clamp_min(0.01)
        update = momentum * update - lr * gains * grad
        y = y + update
        y = y - y.mean(0)
    return y.numpy()


def scatter_plot(points: Dict[str, np.ndarray], path: str,
                 title: Optional[str] = None,
                 markers: Optional[Dict[str, str]] = None) -> str:
    """Write a PNG scatter plot of labelled 2-D point groups."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6, 6), dpi=120)
    for name, pts in points.items():
        marker = (markers or {}).get(name, 'o')
        ax.scatter(pts[:, 0], pts[:, 1], s=60 if marker == '*' else 8,
                   marker=marker, label=f'{name} ({len(pts)})')
    ax.legend(loc='best', fontsize=7, markerscale=1.5)
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=9)
    os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
