"""What the browser demo (``demo/gradio_app.py``) does, without gradio.

Every callback of the page calls one function here, so the page is a thin
layout and this module is tested without a browser. A translation goes
through the same steps as ``tools/translate.py`` (the photo and its masks
are written to a session folder and read back by the config's test
pipeline, the outputs are brought back to the photo's size), and
:func:`translate_photo` returns the ``tools/translate.py`` command that
reproduces it.
"""
import glob
import os
import os.path as osp
import shlex
import uuid
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
from PIL import Image

from mmi2i.datasets.io import DataError, read_image, read_mask
from mmi2i.visualization import save_png
from .inference import (build_inference_pipeline, encode_reference_styles,
                        infos_from_detector, init_model, to_input_size,
                        translate_infos)


class DemoError(ValueError):
    """A problem the page shows as one sentence (never a stack trace)."""


def find_work_dir_models(root: str) -> List[Tuple[str, str]]:
    """(config, checkpoint) of every work dir under ``root``: the config
    mmengine dumped there and the checkpoint ``last_checkpoint`` names
    (else the newest ``*.pth``)."""
    found = []
    for marker in sorted(glob.glob(osp.join(root, '**', '*.pth'),
                                   recursive=True)):
        work = osp.dirname(marker)
        if any(w == work for _, w in found):
            continue
        configs = sorted(glob.glob(osp.join(work, '*.py')))
        if configs:
            found.append((configs[0], work))
    pairs = []
    for config, work in found:
        ckpt = None
        last = osp.join(work, 'last_checkpoint')
        if osp.isfile(last):
            with open(last) as f:
                name = f.read().strip()
            ckpt = name if osp.isabs(name) else osp.join(work, name)
        if not ckpt or not osp.isfile(ckpt):
            ckpt = max(glob.glob(osp.join(work, '*.pth')),
                       key=osp.getmtime)
        pairs.append((config, ckpt))
    if not pairs:
        raise DemoError(f'no work dir with a config and a checkpoint under '
                        f'{root}')
    return pairs


@dataclass
class DemoModel:
    """One config + checkpoint of the demo, loaded at its first use."""
    config: str
    checkpoint: str
    device: str = 'cpu'
    _model: Optional[torch.nn.Module] = field(default=None, repr=False)

    @property
    def model(self) -> torch.nn.Module:
        if self._model is None:
            self._model = init_model(self.config, self.checkpoint,
                                     self.device)
        return self._model

    @property
    def label(self) -> str:
        m = self.model
        return (f'{type(m).__name__} ({", ".join(m.domains)}) - '
                f'{osp.basename(self.checkpoint)}')

    def describe(self) -> Dict:
        m = self.model
        return dict(method=type(m).__name__, domains=list(m.domains),
                    multimodal=m.is_multimodal,
                    instances=bool(m.uses_instances),
                    config=self.config, checkpoint=self.checkpoint)


def load_models(pairs: Sequence[Tuple[str, str]],
                device: Optional[str] = None) -> Dict[str, DemoModel]:
    """Label -> model for each (config, checkpoint), loaded once now (a
    checkpoint of another method fails here, with its named error)."""
    device = device or ('cuda' if torch.cuda.is_available() else 'cpu')
    models = {}
    for config, ckpt in pairs:
        entry = DemoModel(config, ckpt, device)
        models[entry.label] = entry
    return models


def read_photo(path: Optional[str]) -> np.ndarray:
    """The uploaded photo as RGB (any mode the tools read, EXIF applied).

    Raises:
        DemoError: no file, not an image, or an empty image.
    """
    if not path:
        raise DemoError('upload a photo first')
    try:
        img = read_image(path)
    except DataError as e:
        raise DemoError(f'{osp.basename(path)} is not an image this demo '
                        f'can read ({str(e).split(": ", 1)[-1]})') from e
    if img.size == 0:
        raise DemoError(f'{osp.basename(path)} is an empty image')
    return img


def masks_from_layers(layers: Sequence[np.ndarray],
                      size: Tuple[int, int]) -> List[np.ndarray]:
    """Instance masks drawn in the editor: one per non-empty layer
    (painted pixels are the instance), at the photo's (h, w) ``size``."""
    masks = []
    for layer in layers or ():
        arr = np.asarray(layer)
        if arr.ndim == 3:
            arr = arr[..., 3] if arr.shape[2] == 4 else arr.max(2)
        mask = arr > 0
        if not mask.any():
            continue
        if mask.shape != tuple(size):
            mask = np.array(Image.fromarray(mask).resize(
                (size[1], size[0]), Image.NEAREST))
        masks.append(mask)
    return masks


def masks_from_files(paths: Sequence[str],
                     size: Tuple[int, int]) -> List[np.ndarray]:
    """Uploaded instance mask files, each of the photo's size."""
    masks = []
    for p in paths or ():
        try:
            m = read_mask(p, warn_empty=False)
        except DataError as e:
            raise DemoError(str(e)) from e
        if m.shape != tuple(size):
            raise DemoError(f'the mask {osp.basename(p)} is {m.shape[0]}x'
                            f'{m.shape[1]} but the photo is {size[0]}x'
                            f'{size[1]} (height x width)')
        if m.any():
            masks.append(m)
    return masks


def detect_instances(segmenter, photo: str, classes: Sequence[str],
                     score_thr: float) -> List[np.ndarray]:
    """The detector's instance masks of ``classes`` on the photo."""
    from pycocotools import mask as mask_utils
    read_photo(photo)
    if not classes:
        raise DemoError('choose the classes to detect')
    try:
        info = infos_from_detector(segmenter, [photo], classes, score_thr)[0]
    except KeyError as e:
        raise DemoError(str(e).strip('"\'')) from e
    return [mask_utils.decode(inst['segmentation']).astype(bool)
            for inst in info['instances']]


def overlay(img: np.ndarray, masks: Sequence[np.ndarray],
            shown: Optional[Sequence[int]] = None) -> np.ndarray:
    """The photo with the ``shown`` instances (default all) tinted, each
    in its own colour."""
    out = img.astype(np.float32).copy()
    colours = np.array([(230, 25, 75), (60, 180, 75), (0, 130, 200),
                        (245, 130, 48), (145, 30, 180), (70, 240, 240)],
                       np.float32)
    for i, m in enumerate(masks):
        if shown is not None and i not in shown:
            continue
        out[m] = 0.5 * out[m] + 0.5 * colours[i % len(colours)]
    return out.round().astype(np.uint8)


@dataclass
class DemoResult:
    """The translations of one photo, at its size, and how to redo them."""
    images: List[np.ndarray]
    masks: List[List[np.ndarray]]
    command: str
    files: List[str]


def translate_photo(entry: DemoModel, photo: str,
                    masks: Sequence[np.ndarray], source: str, target: str,
                    num_styles: int = 1, seed: int = 0,
                    reference: Optional[str] = None,
                    work_dir: Optional[str] = None,
                    progress=None) -> DemoResult:
    """Translate one photo ``source`` -> ``target`` as
    ``tools/translate.py`` does.

    Args:
        masks: Its instances (bool, the photo's size).
        num_styles (int): Random styles of a multimodal method.
        seed (int): Seed of those styles (``translate.py --seed``).
        reference (str, optional): A reference image whose style is used
            instead of random ones.
        work_dir (str): Where the session folder is made (the photo and
            masks as the command reads them, and the outputs).
        progress: ``progress(fraction, desc)`` callback.

    Raises:
        DemoError: for every bad input, in one sentence.
    """
    model = entry.model
    img = read_photo(photo)
    for name, d in (('source', source), ('target', target)):
        if d not in model.domains:
            raise DemoError(f'the {name} domain {d!r} is not one of '
                            f'{type(model).__name__}\'s {list(model.domains)}')
    if source == target:
        raise DemoError('choose a target domain other than the source')
    if num_styles < 1:
        raise DemoError('the number of styles must be at least 1')
    for m in masks:
        if m.shape != img.shape[:2]:
            raise DemoError(f'a mask is {m.shape[0]}x{m.shape[1]} but the '
                            f'photo is {img.shape[0]}x{img.shape[1]}')
    if model.uses_instances and not masks:
        raise DemoError(f'{type(model).__name__} translates instances and '
                        'this photo has none: draw them on the photo, '
                        'upload mask files or run the detector')
    if reference and not model.is_multimodal:
        raise DemoError(f'{type(model).__name__} is deterministic: a '
                        'reference style needs a multimodal method')
    session = osp.join(work_dir or osp.join(os.getcwd(), 'work_dirs',
                                            'demo'), uuid.uuid4().hex[:12])
    os.makedirs(session)
    # the photo as the model reads it (EXIF applied, RGB), and its masks
    # as translate.py --mask-dir reads them
    files = [save_png(img, osp.join(session, 'input.png'))]
    mask_dir = None
    if masks:
        mask_dir = osp.join(session, 'masks')
        os.makedirs(mask_dir)
        files += [save_png(m.astype(np.uint8) * 255,
                           osp.join(mask_dir, f'input_{k}.png'))
                  for k, m in enumerate(masks)]
    if progress:
        progress(0.2, desc='preparing')
    pipeline = build_inference_pipeline(model.cfg, mask_dir)
    styles = None
    if reference:
        read_photo(reference)
        styles = encode_reference_styles(
            model, [reference], build_inference_pipeline(model.cfg), target)
    elif model.is_multimodal:
        model.test_num_styles = int(num_styles)
    info = dict(img_path=files[0], height=img.shape[0], width=img.shape[1],
                instances=[])
    if progress:
        progress(0.4, desc='translating')
    torch.manual_seed(int(seed))
    with torch.inference_mode():
        samples = translate_infos(model, [info], pipeline, source, target,
                                  1, styles)
    images, out_masks = [], []
    for k, sample in enumerate(samples):
        to_input_size(sample, img)
        out = sample.pred_img.permute(1, 2, 0).numpy()
        images.append(out)
        files.append(save_png(out, osp.join(session, f'output_{k}.png')))
        out_masks.append(
            [m.numpy().astype(bool) for m in sample.pred_instances.masks]
            if 'pred_instances' in sample else [])
    if progress:
        progress(1.0, desc='done')
    cmd = ['python', 'tools/translate.py', entry.config, entry.checkpoint,
           '--input', files[0], '--out', osp.join(session, 'translate_py'),
           '--source-domain', source, '--target-domain', target]
    if mask_dir:
        cmd += ['--mask-dir', mask_dir]
    if reference:
        cmd += ['--style-ref', reference]
    elif model.is_multimodal:
        cmd += ['--num-styles', str(int(num_styles)), '--seed',
                str(int(seed))]
    return DemoResult(images, out_masks, shlex.join(cmd), files)
