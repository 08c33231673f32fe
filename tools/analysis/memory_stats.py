"""MGUIT's memory: how spread its keys are, and how the test images'
content pixels use its items.

Prints the mean cosine similarity of key pairs (all, within a class,
between classes) for the checkpoint and for a freshly initialized memory
(random unit keys, seed 0), and, over ``--num-images`` test images of
``--source-domain``, the share of content pixels addressing each item at
test time (nearest key over every item) and how many of those pixels fall
on their own class's items (classes from the boxes).

Example::

    python tools/analysis/memory_stats.py configs/mguit/shapes.py \\
        work_dirs/mguit/shapes/iter_6000.pth --source-domain grass
"""
import torch
import torch.nn.functional as F

from mmi2i.apis import build_test_dataset, load_task, task_parser
from mmi2i.datasets import translation_collate
from mmi2i.models.editors.mguit import ClassAwareMemory, key_similarity


@torch.no_grad()
def item_usage(model, domain: str, num_images: int, batch_size: int = 8):
    """(share of pixels per item, share of pixels whose item belongs to
    their own class, that share per class (background first))."""
    dataset = build_test_dataset(model, [domain])
    mem = model.memory
    counts = torch.zeros(len(mem.keys))
    n_cls = len(mem.items_per_class)
    own_k, total_k = torch.zeros(n_cls), torch.zeros(n_cls)
    item_class = torch.repeat_interleave(
        torch.arange(len(mem.items_per_class)),
        torch.as_tensor(mem.items_per_class))
    n = min(num_images, len(dataset))
    for start in range(0, n, batch_size):
        items = [dataset[i] for i in range(start, min(n, start + batch_size))]
        inp = model.data_preprocessor(translation_collate(items),
                                      False)['inputs'][domain]
        c = model.content(inp['img'], domain)
        q = c.flatten(2).transpose(1, 2).flatten(0, 1)
        nearest = (F.normalize(q, dim=1) @ mem.keys.t()).argmax(1).cpu()
        counts += torch.bincount(nearest, minlength=len(counts)).float()
        classes = model.classes(inp, c.shape[2:]).flatten().cpu()
        hit = (item_class[nearest] == classes).float()
        own_k += torch.zeros(n_cls).index_add_(0, classes, hit)
        total_k += torch.bincount(classes, minlength=n_cls).float()
    per_class = (own_k / total_k.clamp_min(1)).tolist()
    own = float(own_k.sum() / total_k.sum().clamp_min(1))
    return (counts / counts.sum()).tolist(), own, per_class


def main(argv=None):
    p = task_parser(__doc__.splitlines()[0])
    p.add_argument('--num-images', type=int, default=50)
    args = p.parse_args(argv)
    model, _ = load_task(args)
    if not hasattr(model, 'memory'):
        raise SystemExit(f'error: {type(model).__name__} has no memory')
    mem = model.memory
    sizes = mem.items_per_class
    torch.manual_seed(0)
    fresh = ClassAwareMemory(sizes, mem.keys.shape[1], mem.domains)
    res = dict(trained=key_similarity(mem.keys.cpu(), sizes),
               initial=key_similarity(fresh.keys, sizes))
    for name in ('initial', 'trained'):
        s = res[name]
        print(f'{name} keys: mean pairwise cosine {s["all"]:.3f} (within a '
              f'class {s["within"]:.3f}, between classes '
              f'{s["between"]:.3f})')
    usage, own, per_class = item_usage(model, args.source_domain,
                                       args.num_images)
    res.update(usage=usage, own_class=own, own_class_per_class=per_class)
    print(f'{args.source_domain} test pixels per item (test-time read, '
          'background first): ' + ' '.join(f'{100 * u:.1f}%' for u in usage))
    print(f'pixels addressing an item of their own class: {100 * own:.1f}% '
          '(per class, background first: ' +
          ' '.join(f'{100 * r:.1f}%' for r in per_class) + ')')
    return res


if __name__ == '__main__':
    main()
