"""Visualization helpers.

Image grids during training are written by
:class:`mmi2i.engine.TranslationVisualizationHook`; MMEngine's
``Visualizer`` and its backends (local, TensorBoard) are used as they are.
"""
import os
import os.path as osp
from typing import List, Sequence

import numpy as np
from PIL import Image

from mmi2i.utils import atomic_path


def save_png(img: np.ndarray, path: str) -> str:
    """Write a uint8 image as PNG through a temporary file renamed over
    ``path``: a full disk or a crash never leaves a partial image."""
    with atomic_path(path) as tmp:
        Image.fromarray(img).save(tmp, format='PNG')
    return path


def save_translation(sample, out_dir: str, suffix: str = '') -> List[str]:
    """Write a sample's ``pred_img`` as ``<out_dir>/<image stem><suffix>.png``
    and its predicted masks as ``<stem><suffix>_mask<k>.png``; return the
    paths. ``suffix`` tells several translations of one image apart (e.g.
    ``_style2``)."""
    os.makedirs(out_dir, exist_ok=True)
    stem = osp.splitext(osp.basename(sample.metainfo.get('img_path',
                                                         'img')))[0] + suffix
    paths = [osp.join(out_dir, f'{stem}.png')]
    save_png(sample.pred_img.permute(1, 2, 0).numpy(), paths[0])
    if 'pred_instances' in sample:
        for k, m in enumerate(sample.pred_instances.masks):
            paths.append(osp.join(out_dir, f'{stem}_mask{k}.png'))
            save_png(m.numpy().astype(np.uint8) * 255, paths[-1])
    return paths


def save_grid(images: Sequence[np.ndarray], path: str) -> str:
    """Write HxWx3 uint8 images side by side (resized to the first one's
    height) as one PNG."""
    h = images[0].shape[0]
    row = []
    for img in images:
        if img.shape[0] != h:
            w = max(1, round(img.shape[1] * h / img.shape[0]))
            img = np.asarray(Image.fromarray(img).resize((w, h)))
        row.append(img)
    os.makedirs(osp.dirname(osp.abspath(path)), exist_ok=True)
    return save_png(np.concatenate(row, axis=1), path)


from .tsne import scatter_plot, tsne  # noqa: E402

__all__ = ['save_png', 'save_translation', 'save_grid', 'tsne',
           'scatter_plot']
