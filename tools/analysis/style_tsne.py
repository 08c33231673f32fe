"""t-SNE of a method's style features as a PNG scatter plot.

INIT: global (image), background and object style codes (paper Fig. 5);
MGUIT: content features grouped by the memory item they address, with the
memory keys as stars (paper Fig. 9); other multimodal methods: the image
style codes. Features come from ``--num-images`` test images of
``--source-domain``.

Example::

    python tools/analysis/style_tsne.py configs/mguit/shapes.py \\
        work_dirs/mguit/shapes/iter_6000.pth --source-domain grass \\
        --out work_dirs/mguit/shapes/tsne_grass.png
"""
import re

import numpy as np
import torch

from mmi2i.apis import build_test_dataset, load_task, task_parser
from mmi2i.datasets import translation_collate
from mmi2i.datasets.converters.cli import add_out_option, check_out
from mmi2i.visualization import scatter_plot, tsne


@torch.no_grad()
def collect(model, domain: str, num_images: int, batch_size: int = 8,
            max_per_group: int = 400, seed: int = 0) -> dict:
    """Group name -> (M, d) numpy features, each group subsampled to at
    most ``max_per_group`` points (MGUIT has one point per pixel)."""
    dataset = build_test_dataset(model, [domain])
    classes = list(dataset.classes)
    groups = {}
    n = min(num_images, len(dataset))
    for start in range(0, n, batch_size):
        items = [dataset[i] for i in range(start, min(n, start + batch_size))]
        inp = model.data_preprocessor(translation_collate(items),
                                      False)['inputs'][domain]
        for name, feats in model.style_embedding(inp, domain).items():
            groups.setdefault(name, []).append(feats.cpu())
    gen = torch.Generator().manual_seed(seed)
    out = {}
    for name, parts in groups.items():
        feats = torch.cat(parts) if name != 'keys' else parts[0]
        if len(feats) > max_per_group:
            feats = feats[torch.randperm(len(feats), generator=gen)
                          [:max_per_group]]
        name = re.sub(r'class (\d+)',
                      lambda m: classes[int(m.group(1))]
                      if int(m.group(1)) < len(classes) else m.group(0),
                      name)
        out[name] = feats.double().numpy()
    return out


def main(argv=None):
    p = task_parser(__doc__.splitlines()[0])
    p.add_argument('--num-images', type=int, default=50)
    p.add_argument('--max-per-group', type=int, default=400,
                   help='subsample each group to this many points')
    p.add_argument('--perplexity', type=float, default=30.0)
    p.add_argument('--iters', type=int, default=500)
    add_out_option(p, 'png', what='the plot')
    args = p.parse_args(argv)
    check_out(args.out, 'png', args.overwrite)
    model, _ = load_task(args)
    if not model.is_multimodal:
        raise SystemExit(f'error: {type(model).__name__} has no style '
                         'features to plot')
    groups = collect(model, args.source_domain, args.num_images,
                     max_per_group=args.max_per_group)
    names = list(groups)
    feats = np.concatenate([groups[k] for k in names])
    if len(feats) < 3:
        raise SystemExit(f'error: only {len(feats)} style features; use '
                         'more --num-images')
    print(f'{len(feats)} features in {len(names)} groups: ' + ', '.join(
        f'{k} {len(groups[k])}' for k in names))
    emb = tsne(torch.from_numpy(feats), perplexity=args.perplexity,
               iters=args.iters)
    points, start = {}, 0
    for k in names:
        points[k] = emb[start:start + len(groups[k])]
        start += len(groups[k])
    scatter_plot(points, args.out,
                 title=f'{type(model).__name__} {args.source_domain}: '
                 't-SNE of style features',
                 markers={'keys': '*'})
    print(f'wrote {args.out}')
    return points


if __name__ == '__main__':
    main()
