"""Translate a whole COCO-format dataset, keeping its annotations."""
import copy
import json
import os
import os.path as osp
from typing import Optional, Sequence

import cv2
import numpy as np
from mmengine.utils import ProgressBar
from PIL import Image

from mmi2i.datasets.io import load_coco_instances
from mmi2i.utils import atomic_path
from .inference import (annotation_instances, build_inference_pipeline,
                        translate_infos)


def _infos(data: dict, img_dir: str, classes: Optional[Sequence[str]]):
    cat = {c['id']: c['name'] for c in data['categories']}
    anns = {}
    for a in data['annotations']:
        if a.get('iscrowd', 0):
            continue
        if classes is not None and cat[a['category_id']] not in classes:
            continue
        anns.setdefault(a['image_id'], []).append(a)
    for img in data['images']:
        yield img, dict(
            img_path=osp.join(img_dir, img['file_name']),
            height=img['height'],
            width=img['width'],
            instances=annotation_instances(anns.get(img['id'], []), cat))


def _save_atomic(img: np.ndarray, path: str) -> None:
    os.makedirs(osp.dirname(path), exist_ok=True)
    with atomic_path(path) as tmp:
        Image.fromarray(img).save(tmp, format='PNG')


def synthesize_dataset(model,
                       ann_file: str,
                       img_dir: str,
                       out_dir: str,
                       source: str,
                       target: str,
                       classes: Optional[Sequence[str]] = None,
                       batch_size: int = 1,
                       progress: bool = True) -> dict:
    """Translate every image listed in ``ann_file``.

    Translations are resized back to each image's original size, so the
    boxes and masks of the input annotations stay valid; they are written
    to ``out_dir/images/<file_name stem>.png`` and a copy of the JSON with
    the new file names to ``out_dir/annotations.json``. Images already
    written are skipped, so an interrupted run resumes where it stopped
    (files are written atomically).

    Args:
        model: a translation model from :func:`init_model`.
        classes (Sequence[str], optional): Categories whose instances are
            given to the model (mask-based methods); default all.

    Returns:
        dict: ``translated`` and ``skipped`` counts and ``ann_file``.
    """
    data = load_coco_instances(ann_file)
    pipeline = build_inference_pipeline(model.cfg)
    out = copy.deepcopy(data)
    todo, skipped = [], 0
    for img, info in _infos(data, img_dir, classes):
        rel = osp.splitext(img['file_name'])[0] + '.png'
        dst = osp.join(out_dir, 'images', rel)
        if osp.isfile(dst):
            skipped += 1
        else:
            todo.append((img, info, dst))
    names = {img['id']: osp.join('images',
                                 osp.splitext(img['file_name'])[0] + '.png')
             for img in data['images']}
    bar = ProgressBar(len(todo)) if progress and todo else None
    for start in range(0, len(todo), batch_size):
        chunk = todo[start:start + batch_size]
        preds = translate_infos(model, [c[1] for c in chunk], pipeline,
                                source, target, batch_size)
        for (img, _, dst), pred in zip(chunk, preds):
            arr = pred.pred_img.permute(1, 2, 0).numpy()
            if arr.shape[:2] != (img['height'], img['width']):
                arr = cv2.resize(arr, (img['width'], img['height']),
                                 interpolation=cv2.INTER_CUBIC)
            _save_atomic(arr, dst)
            if bar:
                bar.update()
    for img in out['images']:
        img['file_name'] = names[img['id']]
    out.setdefault('info', {})['mmi2i'] = dict(
        source_ann_file=ann_file, source_domain=source,
        target_domain=target)
    out_ann = osp.join(out_dir, 'annotations.json')
    os.makedirs(out_dir, exist_ok=True)
    with open(out_ann, 'w') as f:
        json.dump(out, f)
    return dict(translated=len(todo), skipped=skipped, ann_file=out_ann)
