"""Periodic image grids of a translation model's visuals."""
import os
import os.path as osp
from typing import Optional, Sequence

import numpy as np
import torch
from mmengine.dist import is_main_process
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from PIL import Image

from mmi2i.registry import HOOKS
from mmi2i.structures import to_uint8
from mmi2i.visualization import save_translation


def _grid_block(visuals: dict, max_samples: int, pad: int) -> np.ndarray:
    columns = []
    for t in visuals.values():
        t = t[:max_samples].detach().float().cpu()
        if t.shape[1] == 1:
            t = t.repeat(1, 3, 1, 1)
        columns.append(t[:, :3])
    n = min(c.shape[0] for c in columns)
    _, _, h, w = columns[0].shape
    block = np.full((n * (h + pad) + pad, len(columns) * (w + pad) + pad, 3),
                    255, np.uint8)
    for j, col in enumerate(columns):
        img = to_uint8(col[:n])
        img = img.permute(0, 2, 3, 1).numpy()
        for i in range(n):
            y, x = pad + i * (h + pad), pad + j * (w + pad)
            block[y:y + h, x:x + w] = img[i]
    return block


def make_grid(visuals: dict, max_samples: int, pad: int = 2) -> np.ndarray:
    """Lay out visuals as an (H, W, 3) uint8 image.

    ``visuals`` maps a column name to a (B, C, H, W) tensor in [-1, 1]
    (rows = samples), or a group name (e.g. a source domain) to such a
    dict; groups are stacked vertically. 1-channel maps (masks) are gray.
    """
    groups = visuals if all(
        isinstance(v, dict) for v in visuals.values()) else {'': visuals}
    blocks = [_grid_block(g, max_samples, pad) for g in groups.values()]
    width = max(b.shape[1] for b in blocks)
    blocks = [
        np.pad(b, ((0, 0), (0, width - b.shape[1]), (0, 0)),
               constant_values=255) for b in blocks
    ]
    return np.concatenate(blocks, axis=0)


def describe_columns(visuals: dict) -> str:
    """One line per group: ``group: col | col | ...``."""
    if all(isinstance(v, dict) for v in visuals.values()):
        return '\n'.join(f'{g}: ' + ' | '.join(cols)
                         for g, cols in visuals.items())
    return ' | '.join(visuals)


@HOOKS.register_module()
class TranslationVisualizationHook(Hook):
    """Write PNG grids of :meth:`get_visuals` during training.

    Every ``interval`` iterations and after the last one, the current
    training batch is run through the model (no gradients, eval mode, then
    the previous mode restored) and a grid is written to
    ``<work_dir>/vis/iter_<n>.png``: one row per sample of each domain's
    batch (grouped by source domain when the model groups its visuals),
    columns as named in ``<work_dir>/vis/columns.txt``.

    All ranks run the forward pass (DDP-wrapped networks communicate in
    forward); only the main process writes.

    Args:
        interval (int): Iterations between grids. Defaults to 100.
        max_samples (int): Rows per grid. Defaults to 4.
        out_dir (str): Folder under the work dir. Defaults to ``'vis'``.
        add_to_visualizer (bool): Also send the grid to the runner's
            visualizer backends (e.g. TensorBoard). Defaults to False.
    """

    priority = 'LOW'

    def __init__(self,
                 interval: int = 100,
                 max_samples: int = 4,
                 out_dir: str = 'vis',
                 add_to_visualizer: bool = False) -> None:
        self.interval = interval
        self.max_samples = max_samples
        self.out_dir = out_dir
        self.add_to_visualizer = add_to_visualizer
        self._last_batch: Optional[dict] = None
        self._written_at = -1

    def after_train_iter(self, runner, batch_idx: int, data_batch=None,
                         outputs=None) -> None:
        self._last_batch = data_batch
        if self.every_n_train_iters(runner, self.interval):
            self.visualize(runner, data_batch, runner.iter + 1)

    def after_train(self, runner) -> None:
        if self._last_batch is not None and self._written_at != runner.iter:
            self.visualize(runner, self._last_batch, runner.iter)

    def visualize(self, runner, data_batch: dict, step: int) -> Optional[str]:
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        if not hasattr(model, 'get_visuals'):
            return None
        was_training = model.training
        model.eval()
        try:
            with torch.no_grad():
                data = model.data_preprocessor(data_batch, False)
                visuals = model.get_visuals(data['inputs'])
        finally:
            model.train(was_training)
        self._written_at = step
        if not visuals or not is_main_process():
            return None
        grid = make_grid(visuals, self.max_samples)
        folder = osp.join(runner.work_dir, self.out_dir)
        os.makedirs(folder, exist_ok=True)
        # multi-stage models (MGD-GAN) name the stage the grid belongs to
        stage = (f'_{model.stage_at(step - 1)}'
                 if len(getattr(model, 'stages', ())) > 1 else '')
        path = osp.join(folder, f'iter_{step:06d}{stage}.png')
        Image.fromarray(grid).save(path)
        with open(osp.join(folder, 'columns.txt'), 'w') as f:
            f.write(describe_columns(visuals) + '\n')
        if self.add_to_visualizer:
            runner.visualizer.add_image('translation', grid, step=step)
        runner.logger.info(f'saved visualization {path}')
        return path


@HOOKS.register_module()
class SaveTranslationsHook(Hook):
    """Write each test/val translation as ``<out_dir>/<source>2<target>/
    <image stem>.png`` (plus ``<stem>_mask<k>.png`` for translated masks).

    Args:
        out_dir (str): Output folder (relative paths are under the work
            dir).
        modes (Sequence[str]): ``'test'`` and/or ``'val'``.
    """

    def __init__(self, out_dir: str = 'translations',
                 modes: Sequence[str] = ('test', )) -> None:
        self.out_dir = out_dir
        self.modes = tuple(modes)

    def _save(self, runner, outputs) -> None:
        folder = self.out_dir if osp.isabs(self.out_dir) else osp.join(
            runner.work_dir, self.out_dir)
        for sample in outputs or []:
            meta = sample.metainfo
            save_translation(
                sample,
                osp.join(folder,
                         f'{meta.get("domain")}2{meta.get("target_domain")}'))

    def after_test_iter(self, runner, batch_idx, data_batch=None,
                        outputs=None) -> None:
        if 'test' in self.modes:
            self._save(runner, outputs)

    def after_val_iter(self, runner, batch_idx, data_batch=None,
                       outputs=None) -> None:
        if 'val' in self.modes:
            self._save(runner, outputs)
