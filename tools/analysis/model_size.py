"""Model sizes: parameters and float32 megabytes of each config's model,
split into what inference needs (every network but the discriminators)
and the whole model; with ``--pairwise N`` a two-domain method is also
counted N(N-1)/2 times (one model per domain pair, each translating both
ways), what one N-domain model replaces.

Example::

    python tools/analysis/model_size.py configs/stargan/shapes.py \\
        configs/cyclegan/shapes.py --pairwise 3
"""
import argparse

from mmengine.registry import DefaultScope

from mmi2i.apis import read_config
from mmi2i.registry import MODELS
from mmi2i.utils import register_all_modules


def model_size(config: str) -> dict:
    """Parameters of the inference networks and of the whole model."""
    cfg = read_config(config)
    with DefaultScope.overwrite_default_scope('mmi2i'):
        model = MODELS.build(cfg.model)
    disc = {id(m) for m in model.discriminator_modules()}
    total = sum(p.numel() for p in model.parameters())
    infer = sum(p.numel() for m in model.children() if id(m) not in disc
                for p in m.parameters())
    return dict(method=type(model).__name__, domains=len(model.domains),
                inference=infer, total=total)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('configs', nargs='+')
    p.add_argument('--pairwise', type=int, metavar='N',
                   help='also count two-domain methods for N domains')
    args = p.parse_args(argv)
    register_all_modules(init_default_scope=False)
    rows = []
    for c in args.configs:
        r = model_size(c)
        r['config'] = c
        rows.append(r)
        if args.pairwise and r['domains'] == 2 and args.pairwise > 2:
            k = args.pairwise * (args.pairwise - 1) // 2
            rows.append(dict(r, config=f'{c} x {k} pairs',
                             inference=r['inference'] * k,
                             total=r['total'] * k))
    print('| config | method | inference params | MB | all params | MB |')
    print('| --- | --- | --- | --- | --- | --- |')
    for r in rows:
        print(f'| {r["config"]} | {r["method"]} | {r["inference"]:,} | '
              f'{4 * r["inference"] / 2**20:.1f} | {r["total"]:,} | '
              f'{4 * r["total"] / 2**20:.1f} |')
    return rows


if __name__ == '__main__':
    main()
