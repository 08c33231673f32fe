"""mmdet instance segmentation models, run inside mmdet's own scope."""
import os.path as osp
from typing import List, Sequence

import numpy as np
import torch
from mmengine.registry import DefaultScope


class InstanceSegmenter:
    """An mmdet instance-segmentation model (e.g. Mask R-CNN) as a callable.

    mmdet is built and run inside ``DefaultScope.overwrite_default_scope(
    'mmdet')``, so mmi2i's default scope is never changed globally.

    Args:
        config (str): mmdet config file.
        checkpoint (str): Its weights (local file); the detector's work
            dir: its newest checkpoint that loads (what
            ``tools/detection/train_detector.py`` wrote last, whatever its
            iteration count); or the file name of a pretrained detector
            of :data:`~mmi2i.evaluation.weights.KNOWN_WEIGHTS` (found in,
            or downloaded to, torch's hub cache).
        device (str): Defaults to ``'cpu'``.
    """

    def __init__(self, config: str, checkpoint: str,
                 device: str = 'cpu') -> None:
        from .weights import KNOWN_WEIGHTS, find_weights
        if not osp.exists(checkpoint) and checkpoint in KNOWN_WEIGHTS:
            # a pretrained detector by its file name (the paper configs'
            # COCO Mask R-CNN): torch's hub cache, downloaded when missing
            checkpoint = find_weights(checkpoint)
        if osp.isdir(checkpoint):
            from mmi2i.engine import find_resumable
            found = find_resumable(checkpoint)
            if found is None:
                raise FileNotFoundError(
                    f'Detector checkpoint not found: the folder {checkpoint} '
                    'holds no checkpoint that loads; train the detector '
                    'into it or give a .pth file')
            checkpoint = found
        for kind, path in (('config', config), ('checkpoint', checkpoint)):
            if not osp.isfile(path):
                raise FileNotFoundError(
                    f'Detector {kind} not found: {path}. The default '
                    'Mask R-CNN R50-FPN needs mmdet\'s config and its COCO '
                    'checkpoint (mask_rcnn_r50_fpn_1x_coco_*.pth) as local '
                    'files; on the toy data train '
                    'configs/detectors/mask_rcnn_tiny_shapes.py instead '
                    '(docs/evaluation.md).')
        from mmi2i.engine.checkpoint_io import read_checkpoint
        ckpt = read_checkpoint(checkpoint)  # truncated files: a named error
        with DefaultScope.overwrite_default_scope('mmdet'):
            from mmdet.apis import init_detector
            self.model = init_detector(config, checkpoint, device=device)
        _check_detector_weights(self.model, ckpt, checkpoint)
        self.classes = tuple(self.model.dataset_meta['classes'])

    def label_of(self, name: str) -> int:
        if name not in self.classes:
            raise KeyError(f'class {name!r} is not among the detector\'s '
                           f'classes {list(self.classes)}')
        return self.classes.index(name)

    @torch.no_grad()
    def __call__(self, images: Sequence[np.ndarray]) -> List[dict]:
        """Detect on RGB uint8 (H, W, 3) images.

        Returns:
            list[dict]: per image ``masks`` (M, H, W) bool, ``scores`` (M,)
            and ``labels`` (M,) numpy arrays.
        """
        if not images:
            return []
        with DefaultScope.overwrite_default_scope('mmdet'):
            from mmdet.apis import inference_detector
            bgr = [np.ascontiguousarray(img[..., ::-1]) for img in images]
            results = inference_detector(self.model, bgr)
        out = []
        for img, res in zip(images, results):
            pred = res.pred_instances
            masks = pred.masks.cpu().numpy().astype(bool) if 'masks' in \
                pred else np.zeros((0, *img.shape[:2]), bool)
            out.append(
                dict(masks=masks, scores=pred.scores.cpu().numpy(),
                     labels=pred.labels.cpu().numpy()))
        return out


def _check_detector_weights(model: torch.nn.Module, ckpt: dict,
                            path: str) -> None:
    """Refuse a checkpoint that does not hold this detector's weights
    (mmdet loads non-strictly: a translation model's file given as
    ``--det-checkpoint`` ran a randomly initialised detector)."""
    from mmi2i.engine.checkpoint_io import checkpoint_method, state_dict_of
    own = set(model.state_dict())
    found = own & set(state_dict_of(ckpt))
    if len(found) < len(own) / 2:
        held = checkpoint_method(ckpt)
        raise ValueError(
            f'detector checkpoint {path} holds {len(found)} of the '
            f'{len(own)} weights of {type(model).__name__}'
            + (f' (it is a {held} checkpoint)' if held else '') +
            ': give the checkpoint of the --det-config detector')
