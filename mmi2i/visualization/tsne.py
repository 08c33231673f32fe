"""t-SNE embeddings (scikit-learn's ``TSNE``) and a labelled scatter plot,
for the style / memory figures of INIT and MGUIT (Fig. 9)."""
import os
import os.path as osp
from typing import Dict, Optional

import numpy as np

from mmi2i.utils import atomic_path


def tsne(x, dim: int = 2, perplexity: float = 30.0, iters: int = 500,
         seed: int = 0) -> np.ndarray:
    """Embed (n, d) points in ``dim`` dimensions with scikit-learn's
    ``TSNE`` (Barnes-Hut, so it scales past a few thousand points; PCA
    initialization; deterministic for a given ``seed``). The perplexity is
    capped at (n - 1) / 3, as t-SNE needs.

    Returns:
        np.ndarray: (n, dim).
    """
    from sklearn.manifold import TSNE
    x = np.asarray(x.detach().cpu() if hasattr(x, 'detach') else x,
                   dtype=np.float64)
    n = len(x)
    if n < 3:
        raise ValueError(f't-SNE needs at least 3 points, got {n}')
    perplexity = min(perplexity, (n - 1) / 3)
    return TSNE(dim, perplexity=perplexity, max_iter=max(iters, 250),
                init='pca', random_state=seed,
                method='barnes_hut' if dim < 4 else 'exact').fit_transform(x)


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
    with atomic_path(path) as tmp:  # never a half-written plot
        fig.savefig(tmp, format='png')
    plt.close(fig)
    return path
