"""MMR / MODS / MVIS of *real* images with their annotated masks.

The reference rows of the metric: ground-truth target-domain images should
score high, untranslated source images near zero for the target class.

Example::

    python tools/analysis/detector_metrics.py \
        --det-config configs/detectors/mask_rcnn_tiny_shapes.py \
        --det-checkpoint work_dirs/detectors/mask_rcnn_tiny_shapes \
        --root data/shapes --domain giraffe --split test --target-class giraffe
"""  # noqa: E501
import argparse
import json

import numpy as np

from mmi2i.datasets import UnpairedInstanceDataset
from mmi2i.datasets.converters.cli import add_out_option, check_out
from mmi2i.evaluation import (InstanceSegmenter, match_instances,
                              summarize_matches)
from mmi2i.utils import atomic_path


def evaluate_real(segmenter, dataset, domain, target_class, iou_thr,
                  score_thr, average, batch_size=8):
    label = segmenter.label_of(target_class)
    per_image = []
    for start in range(0, len(dataset), batch_size):
        items = [dataset[i] for i in range(start,
                                           min(start + batch_size,
                                               len(dataset)))]
        imgs = [it['inputs'][domain].permute(1, 2, 0).numpy()
                for it in items]
        for it, det in zip(items, segmenter(imgs)):
            gen = it['data_samples'][domain].gt_instances.masks.numpy()
            per_image.append(
                match_instances(gen, det['masks'], det['scores'],
                                det['labels'], label, iou_thr, score_thr))
    return summarize_matches(per_image, average)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--det-config', required=True)
    p.add_argument('--det-checkpoint', required=True)
    p.add_argument('--root', required=True, help='common-format root')
    p.add_argument('--domain', required=True)
    p.add_argument('--split', default='test')
    p.add_argument('--target-class', required=True)
    p.add_argument('--iou-thr', type=float, default=0.5)
    p.add_argument('--score-thr', type=float, default=0.3)
    p.add_argument('--average', choices=['instance', 'image'],
                   default='instance')
    p.add_argument('--device', default='cpu')
    add_out_option(p, 'json', required=False, what='the numbers')
    args = p.parse_args(argv)
    if args.out:
        check_out(args.out, 'json', args.overwrite)
    dataset = UnpairedInstanceDataset(
        [dict(name=args.domain,
              ann_file=f'annotations/{args.domain}_{args.split}.json',
              img_dir=f'images/{args.domain}_{args.split}')],
        data_root=args.root, test_mode=True,
        pipeline=[dict(type='LoadImageFromFile'),
                  dict(type='LoadInstances'),
                  dict(type='PackTranslationInputs')])
    segmenter = InstanceSegmenter(args.det_config, args.det_checkpoint,
                                  args.device)
    res = evaluate_real(segmenter, dataset, args.domain, args.target_class,
                        args.iou_thr, args.score_thr, args.average)
    print(f'{args.domain}_{args.split} as {args.target_class}: '
          + '  '.join(f'{k} {v:.1f}' if isinstance(v, float) else
                      f'{k} {v}' for k, v in res.items()))
    if args.out:
        with atomic_path(args.out) as tmp, open(tmp, 'w') as f:
            json.dump(dict(vars(args), **res), f, indent=2)
    return res


if __name__ == '__main__':
    np.set_printoptions(precision=3)
    main()
