"""Synthetic "shapes" data for demos and tests.

Two-domain variant (``kind='pair'``): domain ``sheep`` holds round, wide,
woolly off-white blobs with a dark head; domain ``giraffe`` holds tall,
narrow yellow shapes with brown spots. Backgrounds are varied textures
(gradients, stripes, checkers, noise) in random colours, shared by both
domains, so only the instances tell the domains apart.

Multi-domain variant (``kind='multi'``): domains ``grass``, ``sand`` and
``snow`` differ by background style; each image holds a mix of both
animal shapes (categories ``sheep`` and ``giraffe``).

Everything is deterministic given the seed. Images have 0-6 instances;
later instances occlude earlier ones, masks are the visible parts.
"""
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from .writer import ConversionJob

PAIR_DOMAINS = ('sheep', 'giraffe')
MULTI_DOMAINS = ('grass', 'sand', 'snow')
CATEGORIES = ('sheep', 'giraffe')


def _grid(size: int) -> Tuple[np.ndarray, np.ndarray]:
    return np.mgrid[0:size, 0:size].astype(np.float32)


def random_background(rng: np.random.Generator, size: int,
                      style: Optional[str] = None) -> np.ndarray:
    """A textured background, float32 (H, W, 3) in [0, 255]."""
    yy, xx = _grid(size)
    if style is None:
        kind = rng.choice(['gradient', 'stripes', 'checker', 'noise'])
        c1, c2 = rng.uniform(20, 235, 3), rng.uniform(20, 235, 3)
    else:  # multi-domain styles
        kind = dict(grass='noise', sand='stripes', snow='gradient')[style]
        base = dict(
            grass=(60, 140, 50), sand=(210, 180, 110),
            snow=(225, 230, 240))[style]
        c1 = np.clip(np.array(base) + rng.uniform(-20, 20, 3), 0, 255)
        c2 = np.clip(c1 * rng.uniform(0.75, 0.9), 0, 255)
    if kind == 'gradient':
        ang = rng.uniform(0, 2 * np.pi)
        t = (np.cos(ang) * xx + np.sin(ang) * yy) / size
        t = (t - t.min()) / max(t.max() - t.min(), 1e-6)
    elif kind == 'stripes':
        period = rng.uniform(4, 12)
        ang = rng.uniform(0, np.pi)
        t = 0.5 + 0.5 * np.sin(
            (np.cos(ang) * xx + np.sin(ang) * yy) * 2 * np.pi / period)
    elif kind == 'checker':
        cell = int(rng.integers(4, 12))
        t = ((xx // cell + yy // cell) % 2).astype(np.float32)
    else:
        coarse = rng.uniform(0, 1, (size // 8 + 1, size // 8 + 1))
        t = np.kron(coarse, np.ones((8, 8)))[:size, :size]
    img = c1[None, None] * (1 - t[..., None]) + c2[None, None] * t[..., None]
    img += rng.normal(0, 6, img.shape)
    return img.astype(np.float32)


def _ellipse(xx, yy, cx, cy, rx, ry) -> np.ndarray:
    return ((xx - cx) / rx)**2 + ((yy - cy) / ry)**2 <= 1.0


def draw_instance(rng: np.random.Generator, size: int, category: str,
                  img: np.ndarray) -> np.ndarray:
    """Draw one animal shape into ``img`` in place; return its full mask."""
    yy, xx = _grid(size)
    if category == 'sheep':
        rx = rng.uniform(0.09, 0.16) * size
        ry = rx * rng.uniform(0.7, 0.95)
        cx = rng.uniform(rx, size - rx)
        cy = rng.uniform(ry, size - ry)
        body = _ellipse(xx, yy, cx, cy, rx, ry)
        side = rng.choice([-1, 1])
        hr = rx * 0.35
        head = _ellipse(xx, yy, cx + side * (rx + hr * 0.4), cy - ry * 0.3,
                        hr, hr * 0.9)
        mask = body | head
        wool = 225 + 20 * np.sin(xx * 1.7 + rng.uniform(0, 6)) * np.sin(
            yy * 1.7 + rng.uniform(0, 6))
        col = np.stack([wool, wool, wool * 0.93], -1)
        col += rng.normal(0, 5, col.shape)
        col[head & ~body] = (40, 35, 35)
    elif category == 'giraffe':
        rx = rng.uniform(0.045, 0.075) * size
        ry = rx * rng.uniform(2.2, 3.0)
        cx = rng.uniform(rx, size - rx)
        cy = rng.uniform(ry, size - ry)
        mask = _ellipse(xx, yy, cx, cy, rx, ry)
        col = np.zeros((size, size, 3), np.float32)
        col[:] = (230, 175, 60)
        for _ in range(int(rng.integers(4, 9))):
            sx = cx + rng.uniform(-rx, rx)
            sy = cy + rng.uniform(-ry, ry)
            sr = rx * rng.uniform(0.2, 0.35)
            col[_ellipse(xx, yy, sx, sy, sr, sr)] = (120, 65, 20)
        col += rng.normal(0, 5, col.shape)
    else:
        raise KeyError(f'unknown shapes category {category!r}; known: '
                       f'{list(CATEGORIES)}')
    img[mask] = col[mask]
    return mask


def render_image(rng: np.random.Generator, size: int,
                 categories: Sequence[str], background: Optional[str],
                 max_instances: int = 6,
                 min_area: int = 12) -> Tuple[np.ndarray, List[Tuple]]:
    """Render one image; returns (uint8 image, [(category, mask), ...])."""
    img = random_background(rng, size, background)
    n = int(rng.integers(0, max_instances + 1))
    drawn = []
    for _ in range(n):
        cat = str(rng.choice(list(categories)))
        mask = draw_instance(rng, size, cat, img)
        drawn = [(c, m & ~mask) for c, m in drawn]
        drawn.append((cat, mask))
    drawn = [(c, m) for c, m in drawn if m.sum() >= min_area]
    return np.clip(np.round(img), 0, 255).astype(np.uint8), drawn


def generate_shapes(out_root: str,
                    kind: str = 'pair',
                    splits: Optional[Dict[str, int]] = None,
                    size: int = 64,
                    seed: int = 0,
                    max_instances: int = 6,
                    allow_empty: bool = False,
                    verbose: bool = False) -> Dict[str, int]:
    """Generate the shapes dataset in the common format.

    Args:
        out_root (str): Output root.
        kind (str): ``'pair'`` (sheep vs giraffe) or ``'multi'``
            (grass/sand/snow backgrounds).
        splits (dict): Images per domain for each split. Defaults to
            ``{'train': 200, 'test': 20}``.
        size (int): Image side in pixels. Defaults to 64.
        seed (int): Seed; the same seed gives identical files.

    Returns:
        dict: images written per ``<domain>_<split>``.
    """
    if kind not in ('pair', 'multi'):
        raise ValueError(f"kind must be 'pair' or 'multi', got {kind!r}")
    splits = dict(train=200, test=20) if splits is None else splits
    domains = PAIR_DOMAINS if kind == 'pair' else MULTI_DOMAINS
    written = {}
    with ConversionJob(out_root, allow_empty=allow_empty,
                       verbose=verbose) as job:
        for s_idx, (split, count) in enumerate(sorted(splits.items())):
            for d_idx, domain in enumerate(domains):
                rng = np.random.default_rng([seed, s_idx, d_idx, len(split)])
                cats = [domain] if kind == 'pair' else list(CATEGORIES)
                background = None if kind == 'pair' else domain
                out = job.domain(domain, split, cats)
                for i in range(count):
                    img, instances = render_image(rng, size, cats,
                                                  background, max_instances)
                    image_id = out.save_image(
                        img, f'{domain}_{split}_{i:05d}.png')
                    for cat, mask in instances:
                        out.add_instance(image_id, cat, mask=mask)
                written[out.key] = count
    return written
