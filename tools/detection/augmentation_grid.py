"""Mask R-CNN augmentation experiment (INIT, Table 5): train detectors on
real, synthetic and real+synthetic data and evaluate each on real and
synthetic validation sets; prints bbox/segm mAP as a table.

Toy example (docs/evaluation.md builds the data)::

    python tools/detection/augmentation_grid.py \
        --configs configs/detectors/augmentation/real.py \
                  configs/detectors/augmentation/synth.py \
                  configs/detectors/augmentation/real_synth.py \
        --eval real data/shapes_multi/annotations/snow_test.json \
                    data/shapes_multi/images/snow_test/ \
        --eval synthetic data/shapes_multi/synth/grass2snow_test/annotations.json \
                    data/shapes_multi/synth/grass2snow_test/ \
        --work-dir work_dirs/augmentation_grid
"""  # noqa: E501
import argparse
import json
import os
import os.path as osp

from mmi2i.evaluation.detection_experiments import (coco_eval_set,
                                                    evaluate_detector,
                                                    format_table,
                                                    train_detector)
from mmi2i.utils import register_all_modules


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--configs', nargs='+', required=True,
                   help='mmdet configs, one per training set')
    p.add_argument('--eval', nargs=3, action='append', required=True,
                   metavar=('NAME', 'ANN_FILE', 'IMG_PREFIX'),
                   help='an evaluation set (repeat)')
    p.add_argument('--work-dir', default='work_dirs/augmentation_grid')
    p.add_argument('--max-iters', type=int,
                   help='override the training length (tiny runs)')
    args = p.parse_args(argv)
    register_all_modules(init_default_scope=False)
    evals = {name: coco_eval_set(ann, img) for name, ann, img in args.eval}
    rows, columns = {}, []
    for name in evals:
        columns += [(f'{name} bbox mAP', f'{name}/coco/bbox_mAP'),
                    (f'{name} segm mAP', f'{name}/coco/segm_mAP')]
    for cfg in args.configs:
        setting = osp.splitext(osp.basename(cfg))[0]
        wd = osp.join(args.work_dir, setting)
        ckpt = train_detector(cfg, wd, args.max_iters)
        rows[setting] = {}
        for name, ev in evals.items():
            res = evaluate_detector(cfg, ckpt, ev, osp.join(wd, name))
            rows[setting].update({f'{name}/{k}': v for k, v in res.items()})
    table = format_table(rows, columns)
    os.makedirs(args.work_dir, exist_ok=True)
    with open(osp.join(args.work_dir, 'results.json'), 'w') as f:
        json.dump(rows, f, indent=2)
    with open(osp.join(args.work_dir, 'table.md'), 'w') as f:
        f.write(table + '\n')
    print('\n' + table)
    return rows


if __name__ == '__main__':
    main()
