"""Does a reference image's style carry over? (multimodal methods)

Each of ``--num-inputs`` source test images is translated with the style
encoded from each of ``--num-refs`` target test images, and with a random
style. Style is compared through colour statistics (per-channel mean and
std, what AdaIN-style codes mostly carry): the distance of an output to
its reference, against the distance of a random-style output to the same
reference, and how often an output's statistics are closest to its own
reference among all references (chance: 1 / num_refs).

Example::

    python tools/analysis/style_reference.py configs/munit/shapes.py \\
        work_dirs/munit/shapes/iter_3000.pth --source-domain sheep
"""

import numpy as np
import torch

from mmi2i.apis import build_test_dataset, load_task, task_parser
from mmi2i.datasets import translation_collate


def colour_stats(img: torch.Tensor) -> torch.Tensor:
    """(B, 3, H, W) -> (B, 6): per-channel mean and std."""
    flat = img.flatten(2)
    return torch.cat([flat.mean(2), flat.std(2)], 1)


def _images(model, dataset, domain, num):
    items = [dataset[i] for i in range(min(num, len(dataset)))]
    data = model.data_preprocessor(translation_collate(items), False)
    return data['inputs'][domain]['img']


@torch.no_grad()
def reference_effect(model, source, target, num_inputs=20, num_refs=8):
    """Returns dict(ref_distance, random_distance, ref_accuracy, chance)."""
    if not model.is_multimodal:
        raise SystemExit(f'error: {type(model).__name__} has no styles')
    src = _images(model, build_test_dataset(model, [source]), source,
                  num_inputs)
    refs = _images(model, build_test_dataset(model, [target]), target,
                   num_refs)
    ref_stats = colour_stats(refs)  # (R, 6)
    styles = model.encode_style(refs, target)  # (R, d)
    d_ref, d_rand, hits = [], [], []
    for x in src:
        x = x[None].expand(len(refs), -1, -1, -1)
        out = colour_stats(
            model.translate(x, source, target, style=styles)['img'])
        rand = colour_stats(model.translate(x, source, target)['img'])
        dist = torch.cdist(out, ref_stats, p=1) / out.shape[1]  # (R, R)
        d_ref.append(dist.diagonal().mean().item())
        d_rand.append(((rand - ref_stats).abs().mean(1)).mean().item())
        hits.append((dist.argmin(1) == torch.arange(len(refs))).float()
                    .mean().item())
    return dict(ref_distance=float(np.mean(d_ref)),
                random_distance=float(np.mean(d_rand)),
                ref_accuracy=float(np.mean(hits)), chance=1 / len(refs))


def main(argv=None):
    p = task_parser(__doc__.splitlines()[0])
    p.add_argument('--num-inputs', type=int, default=20)
    p.add_argument('--num-refs', type=int, default=8)
    args = p.parse_args(argv)
    torch.manual_seed(0)
    model, target = load_task(args)
    res = reference_effect(model, args.source_domain, target,
                           args.num_inputs, args.num_refs)
    print(f'{args.source_domain}2{target}: colour-statistics distance to '
          f'the reference {res["ref_distance"]:.4f} (random style '
          f'{res["random_distance"]:.4f}); closest to its own reference '
          f'{100 * res["ref_accuracy"]:.1f}% (chance '
          f'{100 * res["chance"]:.1f}%)')
    return res


if __name__ == '__main__':
    main()
