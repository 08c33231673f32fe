"""Model helpers: freezing networks through their DDP wrappers, masks,
instance crops (INIT, CGL) and label conditioning (StarGAN, CGL)."""
import contextlib
import copy
import re
from typing import Dict, Iterable, Iterator, Sequence, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import Tensor
from torchvision.ops import roi_align


@contextlib.contextmanager
def frozen(modules: Iterable[nn.Module]) -> Iterator[None]:
    """Use networks without collecting gradients for them.

    Parameters stop requiring grad, and a network wrapped in
    DistributedDataParallel runs under ``no_sync()`` so DDP does not wait
    for gradients that will never come (e.g. the discriminator during the
    generator step). Everything is restored on exit.
    """
    modules = list(modules)
    saved = [[p.requires_grad for p in m.parameters()] for m in modules]
    with contextlib.ExitStack() as stack:
        for m in modules:
            for p in m.parameters():
                p.requires_grad_(False)
            if hasattr(m, 'no_sync'):
                stack.enter_context(m.no_sync())
        try:
            yield
        finally:
            for m, flags in zip(modules, saved):
                for p, flag in zip(m.parameters(), flags):
                    p.requires_grad_(flag)


def fill_args(cfg: dict, where: str, **values) -> dict:
    """A copy of the network config ``cfg`` with ``values`` filled in: a
    value the model derives (a width, a style length, a channel count) is
    stated once; ``cfg`` naming another value is an error naming
    ``where``."""
    cfg = copy.deepcopy(dict(cfg))
    for key, value in values.items():
        if cfg.setdefault(key, value) != value:
            raise ValueError(f'{where} has {key}={cfg[key]!r}, but the model '
                             f'gives it {value!r}: set it once, on the model '
                             f'(leave {where}.{key} out)')
    return cfg


def content_width(encoder: dict) -> int:
    """The width of the content codes a content encoder config gives
    (its class's ``channels_out``), so the networks after it are told, not
    written by hand."""
    from mmi2i.registry import MODELS
    args = {k: v for k, v in dict(encoder).items() if k != 'type'}
    return MODELS.get(encoder['type']).channels_out(**args)


def detach_all(outputs):
    """Detach every tensor of a (nested) dict/list/tuple of outputs."""
    if isinstance(outputs, torch.Tensor):
        return outputs.detach()
    if isinstance(outputs, dict):
        return {k: detach_all(v) for k, v in outputs.items()}
    if isinstance(outputs, (list, tuple)):
        return type(outputs)(detach_all(v) for v in outputs)
    return outputs


def crop_instances(img: Tensor, boxes: Tensor, valid: Tensor,
                   size: int) -> Tuple[Tensor, Tensor]:
    """Crop every valid instance box and resize it to ``size`` x ``size``:
    RoIAlign (``aligned=True``, one sample per bin), i.e. a bilinear resize
    of the box, sub-pixel boxes included.

    Args:
        img (Tensor): (B, C, H, W).
        boxes (Tensor): (B, N, 4) x1, y1, x2, y2 in pixels.
        valid (Tensor): (B, N) bool.

    Returns:
        tuple: crops (M, C, size, size) and the image index of each (M,).
    """
    index, slot = valid.nonzero(as_tuple=True)
    rois = torch.cat([index[:, None].to(boxes), boxes[index, slot]], 1)
    crops = roi_align(img, rois, (size, size), spatial_scale=1.0,
                      sampling_ratio=1, aligned=True)
    return crops, index


def tile_label(x: Tensor, label: Tensor, num: int) -> Tensor:
    """Concatenate the one-hot ``label`` (B,) of ``num`` classes to the
    image, replicated over space: (B, C, H, W) -> (B, C + num, H, W). A
    (B, num) ``label`` is a label vector used as it is (StarGAN's CelebA
    models condition on several binary attributes at once).

    Raises:
        ValueError: for a label outside ``[0, num)`` (data of more
            domains than the model was built for), instead of one_hot's
            "Class values must be smaller than num_classes", or a label
            vector of another length.
    """
    if label.dim() == 2:
        if label.shape[1] != num:
            raise ValueError(f'label vectors of {label.shape[1]} values but '
                             f'the model conditions on {num}')
        return torch.cat(
            [x, label.to(x)[:, :, None, None].expand(-1, -1, *x.shape[2:])],
            1)
    try:
        onehot = F.one_hot(label, num).to(x)
    except RuntimeError as e:  # checked only on failure: no sync per call
        raise ValueError(
            f'domain labels {sorted(set(label.tolist()))} but the model '
            f'conditions on {num} domains: the data has other or more '
            'domains than the model (check the config\'s domains and the '
            'checkpoint)') from e
    return torch.cat(
        [x, onehot[:, :, None, None].expand(-1, -1, *x.shape[2:])], 1)


#: Buffers of the authors' norm layers that our networks do not keep:
#: instance-norm running statistics (unused: their test code normalises
#: each image with its own statistics) and MUNIT's dummy AdaIN buffers.
UNUSED_OFFICIAL_KEYS = re.compile(
    r'\.(running_mean|running_var|num_batches_tracked)$')


def rename_official(state: Dict[str, Tensor],
                    rules: Sequence[Tuple[str, str]],
                    prefix: str) -> Dict[str, Tensor]:
    """An authors' state dict under our keys: ``module.`` (DataParallel)
    stripped, :data:`UNUSED_OFFICIAL_KEYS` dropped, then each ``(pattern,
    replacement)`` regex applied in order and ``prefix`` (our network's
    name with its dot) put in front."""
    out = {}
    for key, value in state.items():
        key = re.sub(r'^module\.', '', key)
        if UNUSED_OFFICIAL_KEYS.search(key):
            continue
        for pattern, repl in rules:
            key = re.sub(pattern, repl, key)
        out[prefix + key] = value
    return out
