"""Visualization helpers.

Image grids during training are written by
:class:`mmi2i.engine.TranslationVisualizationHook`; MMEngine's
``Visualizer`` and its backends (local, TensorBoard) are used as they are.
"""
import os
import os.path as osp
from typing import List

import numpy as np
from PIL import Image


def save_translation(sample, out_dir: str) -> List[str]:
    """Write a sample's ``pred_img`` as ``<out_dir>/<image stem>.png`` and
    its predicted masks as ``<stem>_mask<k>.png``; return the paths."""
    os.makedirs(out_dir, exist_ok=True)
    stem = osp.splitext(osp.basename(sample.metainfo.get('img_path',
                                                         'img')))[0]
    paths = [osp.join(out_dir, f'{stem}.png')]
    Image.fromarray(sample.pred_img.permute(1, 2, 0).numpy()).save(paths[0])
    if 'pred_instances' in sample:
        for k, m in enumerate(sample.pred_instances.masks):
            paths.append(osp.join(out_dir, f'{stem}_mask{k}.png'))
            Image.fromarray(m.numpy().astype(np.uint8) * 255).save(paths[-1])
    return paths


__all__ = ['save_translation']
