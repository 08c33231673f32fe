"""Inference helpers used by tools/translate.py and user scripts."""
import copy
import os.path as osp
from typing import Dict, List, Optional, Sequence, Union

import numpy as np
import torch
from mmengine.config import Config
from mmengine.dataset import Compose
from mmengine.registry import DefaultScope

from mmi2i.datasets import translation_collate
from mmi2i.datasets.io import DataError, load_coco_instances, read_image
from mmi2i.registry import MODELS, TRANSFORMS
from mmi2i.utils import register_all_modules
from .config import read_config


def init_model(config: Union[str, Config],
               checkpoint: Optional[str] = None,
               device: str = 'cpu',
               cfg_options: Optional[dict] = None) -> torch.nn.Module:
    """Build a model from its config and load a checkpoint (safe loading).

    The model is returned in eval mode with its config as ``model.cfg``.
    """
    register_all_modules(init_default_scope=False)
    cfg = read_config(config, cfg_options)
    with DefaultScope.overwrite_default_scope('mmi2i'):
        model = MODELS.build(cfg.model)
    if checkpoint is not None:
        from mmi2i.engine import load_model_weights
        load_model_weights(model, checkpoint)
    model.cfg = cfg
    model.to(device)
    model.eval()
    return model


def build_test_dataset(model, domains: Sequence[str]):
    """The model config's test dataset, enumerating ``domains`` only."""
    from mmi2i.datasets import UnpairedInstanceDataset
    cfg = dict(model.cfg.test_dataloader.dataset)
    cfg.pop('type')
    cfg.update(test_mode=True, test_domains=list(domains))
    return UnpairedInstanceDataset(**cfg)


def build_inference_pipeline(cfg: Config,
                             mask_dir: Optional[str] = None,
                             mask_value: Optional[int] = None,
                             mask_threshold: Optional[float] = None
                             ) -> Compose:
    """The config's test pipeline, with masks taken from ``mask_dir``
    (InstaGAN layout, read with ``mask_value`` / ``mask_threshold`` as the
    converters do) or from the annotation infos (``LoadInstances``)."""
    pipeline = []
    for t in copy.deepcopy(cfg.test_dataloader.dataset.pipeline):
        if t['type'] == 'LoadInstances' and mask_dir is not None:
            t = dict(type='LoadMasksFromFolder', mask_dir=mask_dir,
                     value=mask_value, threshold=mask_threshold)
        pipeline.append(TRANSFORMS.build(t))
    return Compose(pipeline)


def annotation_instances(anns: Sequence[dict],
                         cat_names: Dict[int, str]) -> List[dict]:
    """COCO annotations -> the ``instances`` of a data info."""
    instances = []
    for a in anns:
        inst = dict(category=cat_names[a['category_id']], label=0)
        for key in ('bbox', 'segmentation'):
            if key in a:
                inst[key] = a[key]
        instances.append(inst)
    return instances


def infos_from_annotations(ann_file: str, img_dir: str,
                           images: Sequence[str]) -> List[dict]:
    """Data infos of ``images`` with instances from a common-format JSON:
    an image matches the entry whose ``file_name`` is its path relative to
    ``img_dir``, else the one entry of its base name (several entries of
    that base name, e.g. ``a/x.png`` and ``b/x.png``, are an error rather
    than a guess)."""
    data = load_coco_instances(ann_file)
    by_rel = {osp.normpath(i['file_name']): i for i in data['images']}
    by_base: Dict[str, list] = {}
    for i in data['images']:
        by_base.setdefault(osp.basename(i['file_name']), []).append(i)
    cat = {c['id']: c['name'] for c in data['categories']}
    anns: Dict[int, list] = {}
    for a in data['annotations']:
        anns.setdefault(a['image_id'], []).append(a)
    infos = []
    for path in images:
        img = by_rel.get(osp.normpath(osp.relpath(path, img_dir)))
        if img is None:
            same = by_base.get(osp.basename(path), [])
            if len(same) > 1:
                raise DataError(
                    f'{ann_file} has {len(same)} entries named '
                    f'{osp.basename(path)} '
                    f'({", ".join(i["file_name"] for i in same[:3])}) and '
                    f'none is {osp.relpath(path, img_dir)}: which one is '
                    f'{path} is ambiguous; use an annotation file whose '
                    'file names are relative to the input folder')
            img = same[0] if same else None
        if img is None:
            raise DataError(f'{ann_file} has no entry for image {path}')
        infos.append(
            dict(img_path=path, height=img['height'], width=img['width'],
                 ann_file=ann_file,
                 instances=annotation_instances(anns.get(img['id'], []),
                                                cat)))
    return infos


def infos_from_detector(segmenter, images: Sequence[str],
                        classes: Sequence[str],
                        score_thr: float = 0.5) -> List[dict]:
    """Data infos whose instances are predicted by an mmdet instance
    segmentation model (``InstanceSegmenter``): detections of ``classes``
    with score >= ``score_thr``, as RLE masks at the image's size."""
    from mmi2i.datasets.io import mask_to_rle
    labels = [segmenter.label_of(c) for c in classes]
    infos = []
    for path in images:
        img = read_image(path)
        det = segmenter([img])[0]
        keep = np.isin(det['labels'], labels) & (det['scores'] >= score_thr)
        instances = [
            dict(category=segmenter.classes[int(lab)], label=0,
                 segmentation=mask_to_rle(m))
            for m, lab in zip(det['masks'][keep], det['labels'][keep])
            if m.any()
        ]
        infos.append(dict(img_path=path, height=img.shape[0],
                          width=img.shape[1], instances=instances))
    return infos


@torch.no_grad()
def translate_infos(model: torch.nn.Module, infos: List[dict],
                    pipeline: Compose, source: str, target: str,
                    batch_size: int = 1,
                    styles: Optional[Sequence[torch.Tensor]] = None,
                    object_styles: Optional[torch.Tensor] = None) -> list:
    """Run the pipeline on ``infos`` and translate ``source`` -> ``target``.

    Args:
        styles (Sequence[Tensor], optional): Style codes for multimodal
            models (e.g. from :func:`encode_reference_styles`), one
            translation each; default: ``model.test_num_styles`` random
            styles.
        object_styles (Tensor, optional): Per-instance style codes
            (:func:`encode_reference_object_styles`; INIT).

    Returns:
        list[TranslationDataSample]: with ``pred_img`` (and
        ``pred_instances``; ``style_index`` for multimodal models).
    """
    if target not in model.domains or source not in model.domains:
        raise ValueError(f'domains must be among {model.domains}, got '
                         f'{source!r} -> {target!r}')
    results = []
    for start in range(0, len(infos), batch_size):
        data = _collate_domain(model, infos[start:start + batch_size],
                               pipeline, source)
        results += model.predict(data['inputs'], data['data_samples'],
                                 targets={source: [target]}, styles=styles,
                                 object_styles=object_styles)
    return results


def _collate_domain(model, infos: List[dict], pipeline: Compose,
                    domain: str) -> dict:
    items = []
    for info in infos:
        info = dict(info, domain=domain,
                    domain_idx=model.domains.index(domain))
        info.setdefault('instances', [])
        packed = pipeline(info)
        items.append(
            dict(inputs={domain: packed['inputs']},
                 data_samples={domain: packed['data_samples']}))
    return model.data_preprocessor(translation_collate(items), False)


@torch.no_grad()
def encode_reference_styles(model: torch.nn.Module, images: Sequence[str],
                            pipeline: Compose,
                            domain: str) -> List[torch.Tensor]:
    """Style codes of reference images of ``domain`` (reference-guided
    translation), each (style_dim,), through the test pipeline."""
    if not getattr(model, 'is_multimodal', False):
        raise TypeError(f'{type(model).__name__} has no styles; reference '
                        'images need a multimodal method (MUNIT, DRIT++...)')
    styles = []
    for path in images:
        h, w = read_image(path).shape[:2]
        data = _collate_domain(model, [dict(img_path=path, height=h,
                                            width=w)], pipeline, domain)
        inp = data['inputs'][domain]
        styles.append(
            model.encode_style(inp['img'], domain, inp['masks'],
                               inp['valid'])[0])
    return styles


@torch.no_grad()
def encode_reference_object_styles(model: torch.nn.Module, infos: List[dict],
                                   pipeline: Compose,
                                   domain: str) -> torch.Tensor:
    """Style codes of the instances of reference images of ``domain``
    (INIT's per-instance styles): (M, style_dim), image by image, each
    image's instances in their packed order.

    Raises:
        TypeError: for methods without per-instance styles.
        ValueError: when the references have no instance.
    """
    if not model.takes_object_styles:
        raise TypeError(f'{type(model).__name__} has no per-instance '
                        'styles; reference instances need INIT')
    codes = []
    for info in infos:
        inp = _collate_domain(model, [info], pipeline,
                              domain)['inputs'][domain]
        if inp['valid'].any():
            codes.append(model.encode_object_styles(inp['img'],
                                                    inp['boxes'],
                                                    inp['valid'], domain))
    if not codes:
        raise ValueError('the reference images have no instances: give '
                         'their masks like the inputs\' (--ann, --mask-dir '
                         'or --det-config)')
    return torch.cat(codes)


def to_input_size(sample, img: Optional[np.ndarray] = None) -> None:
    """Bring a prediction back to its input image's size, in place.

    ``pred_img`` (and ``pred_instances.masks``) cover the region of the
    original image the test pipeline kept (``region`` in the metainfo; the
    whole image unless it cropped). They are resized to that region
    (bicubic / nearest) and pasted into the original image (masks into
    zeros), undoing a horizontal flip first.

    Args:
        sample: A data sample from :func:`translate_infos`.
        img (np.ndarray, optional): The original RGB image; read from
            ``img_path`` when not given.
    """
    import cv2

    meta = sample.metainfo
    if img is None:
        img = read_image(meta['img_path'])
    h, w = img.shape[:2]
    x1, y1, x2, y2 = meta.get('region', (0, 0, w, h))
    x1, y1 = int(round(x1)), int(round(y1))
    x2, y2 = min(int(round(x2)), w), min(int(round(y2)), h)
    pred = sample.pred_img.permute(1, 2, 0).numpy()
    if meta.get('flip'):
        pred = pred[:, ::-1]
    out = img.copy()
    out[y1:y2, x1:x2] = cv2.resize(
        np.ascontiguousarray(pred), (x2 - x1, y2 - y1),
        interpolation=cv2.INTER_CUBIC)
    sample.pred_img = torch.from_numpy(out).permute(2, 0, 1).contiguous()
    if 'pred_instances' in sample:
        masks = sample.pred_instances.masks.numpy()
        if meta.get('flip'):
            masks = masks[:, :, ::-1]
        full = np.zeros((len(masks), h, w), bool)
        for k, m in enumerate(masks):
            full[k, y1:y2, x1:x2] = cv2.resize(
                m.astype(np.uint8), (x2 - x1, y2 - y1),
                interpolation=cv2.INTER_NEAREST) > 0
        sample.pred_instances.masks = torch.from_numpy(full)
    sample.set_metainfo(dict(img_shape=(h, w)))
