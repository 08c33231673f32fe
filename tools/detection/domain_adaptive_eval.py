"""Domain-adaptive detection (MGUIT, Table 3): evaluate a detector trained
on the source domain on several sets, e.g. real target images and source
images translated to the target; prints per-class AP and mAP.

Toy example (docs/evaluation.md)::

    python tools/detection/domain_adaptive_eval.py \
        --det-config configs/detectors/mask_rcnn_tiny_shapes.py \
        --det-checkpoint work_dirs/detectors/mask_rcnn_tiny_shapes/iter_1500.pth \
        --eval target data/shapes_multi/annotations/snow_test.json \
                      data/shapes_multi/images/snow_test/ \
        --eval translated data/shapes_multi/synth/grass2snow_test/annotations.json \
                      data/shapes_multi/synth/grass2snow_test/
"""  # noqa: E501
import argparse
import json
import os
import os.path as osp

from mmengine.config import Config

from mmi2i.evaluation.detection_experiments import (coco_eval_set,
                                                    evaluate_detector)
from mmi2i.utils import register_all_modules


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--det-config', required=True)
    p.add_argument('--det-checkpoint', required=True)
    p.add_argument('--eval', nargs=3, action='append', required=True,
                   metavar=('NAME', 'ANN_FILE', 'IMG_PREFIX'))
    p.add_argument('--metric', choices=['bbox', 'segm'], default='bbox')
    p.add_argument('--work-dir', default='work_dirs/domain_adaptive_eval')
    args = p.parse_args(argv)
    if not osp.isfile(args.det_checkpoint):
        raise FileNotFoundError(f'Checkpoint not found: '
                                f'{args.det_checkpoint}')
    register_all_modules(init_default_scope=False)
    cfg = Config.fromfile(args.det_config)
    classes = list(cfg.get('classes') or
                   cfg.train_dataloader.dataset.metainfo['classes'])
    rows = {}
    for name, ann, img in args.eval:
        res = evaluate_detector(cfg, args.det_checkpoint,
                                coco_eval_set(ann, img),
                                osp.join(args.work_dir, name),
                                classwise=True, metrics=[args.metric])
        rows[name] = res
    m = args.metric
    header = '| eval set | ' + ' | '.join(classes) + ' | mAP |'
    lines = [header, '| --- |' + ' --- |' * (len(classes) + 1)]
    for name, res in rows.items():
        cells = [res.get(f'coco/{c}_precision') for c in classes]
        cells.append(res.get(f'coco/{m}_mAP'))
        lines.append(f'| {name} | ' + ' | '.join(
            'n/a' if v is None else f'{100 * float(v):.1f}'
            for v in cells) + ' |')
    table = '\n'.join(lines)
    os.makedirs(args.work_dir, exist_ok=True)
    with open(osp.join(args.work_dir, 'results.json'), 'w') as f:
        json.dump(rows, f, indent=2, default=float)
    print(f'\n{m} AP per class (%)\n' + table)
    return rows


if __name__ == '__main__':
    main()
