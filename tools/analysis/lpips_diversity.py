"""LPIPS diversity of a translation model (MUNIT/INIT protocol).

For each of ``--num-inputs`` test images of the source domain, the model
produces ``--num-pairs + 1`` outputs with random styles (``style=None``);
the score is the mean LPIPS distance between consecutive outputs (19 pairs
x 100 inputs by default). Deterministic methods score 0.

Example::

    python tools/analysis/lpips_diversity.py configs/cyclegan/shapes.py \
        work_dirs/cyclegan/shapes/iter_3000.pth --source-domain sheep
"""

import numpy as np
import torch

from mmi2i.apis import build_test_dataset, load_task, task_parser
from mmi2i.datasets import translation_collate
from mmi2i.evaluation.functional import lpips_diversity
from mmi2i.evaluation.networks import build_lpips


@torch.no_grad()
def diversity(model, dataset, source, target, distance, num_inputs,
              num_pairs):
    scores = []
    for i in range(min(num_inputs, len(dataset))):
        data = model.data_preprocessor(translation_collate([dataset[i]]),
                                       False)
        inp = data['inputs'][source]
        outs = torch.cat([
            model.translate(inp['img'], source, target, inp['masks'],
                            inp['valid'])['img']
            for _ in range(num_pairs + 1)
        ])
        scores.append(lpips_diversity(distance, outs, num_pairs))
    return float(np.mean(scores))


def main(argv=None):
    p = task_parser(__doc__.splitlines()[0])
    p.add_argument('--num-inputs', type=int, default=100)
    p.add_argument('--num-pairs', type=int, default=19)
    p.add_argument('--random-lpips', action='store_true',
                   help='random AlexNet backbone (no pretrained weights; '
                   'for smoke runs, numbers are not comparable)')
    args = p.parse_args(argv)
    model, target = load_task(args)
    dataset = build_test_dataset(model, [args.source_domain])
    distance = build_lpips(pretrained=not args.random_lpips)
    score = diversity(model, dataset, args.source_domain, target, distance,
                      args.num_inputs, args.num_pairs)
    print(f'LPIPS diversity {args.source_domain}2{target}: {score:.4f}')
    return score


if __name__ == '__main__':
    main()
