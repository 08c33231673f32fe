"""Check every image and mask of a config's datasets once.

Opens each image (decodes it, checks its size against the annotation
file) and decodes each instance mask, with a progress bar, then lists
every problem with its file. Exits with status 1 if there is any.

Example::

    python tools/analysis/check_dataset.py configs/instagan/sheep2giraffe.py
    python tools/analysis/check_dataset.py CONFIG --splits train
"""
import argparse
import sys

from mmengine.config import DictAction
from mmengine.utils import ProgressBar

from mmi2i.apis import read_config
from mmi2i.datasets.check import check_domain, count_images, dataset_domains


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('config')
    p.add_argument('--splits', nargs='+', default=['train', 'val', 'test'],
                   help='which dataloaders of the config to check')
    p.add_argument('--cfg-options', nargs='+', action=DictAction)
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    cfg = read_config(args.config, args.cfg_options)
    domains, seen = [], set()
    for split in args.splits:
        loader = cfg.get(f'{split}_dataloader')
        if not loader:
            continue
        for d in dataset_domains(loader['dataset']):
            if (d['ann_file'], d['img_dir']) not in seen:
                seen.add((d['ann_file'], d['img_dir']))
                domains.append(d)
    if not domains:
        print(f'error: {args.config} has no datasets for {args.splits}',
              file=sys.stderr)
        return 2
    bar = ProgressBar(count_images(domains))
    problems = []
    for d in domains:
        problems += check_domain(d['ann_file'], d['img_dir'], bar.update)
    print()
    for d in domains:
        print(f'checked {d["name"]}: {d["ann_file"]}')
    if problems:
        print(f'{len(problems)} problem(s):')
        for p in problems:
            print(f'  {p}')
        return 1
    print('no problems found')
    return 0


if __name__ == '__main__':
    sys.exit(main())
