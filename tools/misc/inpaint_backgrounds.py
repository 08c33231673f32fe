"""Fill the inpainted-background cache of a config's training data.

MGD-GAN's designed supervision needs every training image without its
instances. ``LoadInpaintedBackground`` computes a missing background on
the fly; this tool computes all of them once beforehand, with a progress
bar. It is resumable: a rerun skips what is cached.

Example::

    python tools/misc/inpaint_backgrounds.py configs/mgd_gan/sheep2giraffe.py
"""
import argparse
import os.path as osp

import numpy as np
from mmengine.config import DictAction
from mmengine.utils import ProgressBar

from mmi2i.apis import read_config
from mmi2i.datasets.check import dataset_domains
from mmi2i.datasets.converters.cli import run_tool
from mmi2i.datasets.io import (box_to_mask, load_coco_instances, read_image,
                               segmentation_to_mask)
from mmi2i.registry import TRANSFORMS
from mmi2i.utils import register_all_modules


def _items(domains):
    for d in domains:
        data = load_coco_instances(d['ann_file'])
        anns = {}
        for a in data['annotations']:
            if not a.get('iscrowd', 0):
                anns.setdefault(a['image_id'], []).append(a)
        for img in data['images']:
            path = osp.join(d['img_dir'], img['file_name'])  # as loaded
            arr = read_image(path)
            h, w = arr.shape[:2]
            union = np.zeros((h, w), bool)
            for a in anns.get(img['id'], []):
                union |= (segmentation_to_mask(a['segmentation'], h, w, path)
                          if 'segmentation' in a else
                          box_to_mask(a['bbox'], h, w))
            yield path, arr, union


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('config')
    p.add_argument('--cfg-options', nargs='+', action=DictAction)
    args = p.parse_args(argv)
    register_all_modules(init_default_scope=False)
    cfg = read_config(args.config, args.cfg_options)
    dataset = cfg.train_dataloader.dataset
    steps = [t for t in dataset.pipeline
             if t['type'] == 'LoadInpaintedBackground']
    if not steps or steps[0].get('cache_dir', 'auto') is None:
        raise SystemExit(f'error: the train pipeline of {args.config} has '
                         'no LoadInpaintedBackground with a cache')
    step = TRANSFORMS.build(steps[0])
    domains = dataset_domains(dataset)
    total = sum(len(load_coco_instances(d['ann_file'])['images'])
                for d in domains)
    done, folders = 0, set()
    bar = ProgressBar(total)
    for key, img, union in _items(domains):
        cache = step.cache_for(key)
        folders.add(cache.cache_dir)
        if (img, union) not in cache:
            cache.get(key, img, union)
            done += 1
        bar.update()
    print(f'\n{done} background(s) inpainted, {total - done} cached '
          f'already, in {sorted(folders)}')


if __name__ == '__main__':
    run_tool(main)
