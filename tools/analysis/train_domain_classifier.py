"""Train the domain classifier of the (masked) classification score.

Examples::

    # toy data, small CNN, masked by the instance masks
    python tools/analysis/train_domain_classifier.py --root data/shapes \
        --domains sheep giraffe --masked --val-split test \
        --out work_dirs/classifiers/shapes_masked.pth
    # InstaGAN's protocol: ImageNet VGG-16, final layers fine-tuned
    python tools/analysis/train_domain_classifier.py \
        --root data/coco_sheep2giraffe --domains sheep giraffe --masked \
        --network VGG16Classifier --size 224 --val-split val \
        --out work_dirs/classifiers/sheep_giraffe_vgg16.pth
    # IS/CIS (MUNIT, INIT, CGL, MGUIT): ImageNet Inception-v3 fine-tuned on
    # the four weathers, where the paper configs' domain_classifier looks
    python tools/analysis/train_domain_classifier.py --root data/init \
        --domains sunny night cloudy rainy --network InceptionV3Classifier \
        --size 299 --iters 20000 --batch-size 32 --lr 1e-4 --val-split test \
        --num-workers 8 --device cuda \
        --out work_dirs/classifiers/init_weather_inception_v3.pth
"""
import argparse
import os
import os.path as osp

import torch
from mmengine.config import DictAction

from mmi2i.datasets.converters.cli import add_out_option, check_out
from mmi2i.evaluation.classifier_training import train_domain_classifier
from mmi2i.utils import atomic_path, register_all_modules

#: The classifiers it trains (mmi2i.evaluation.networks).
NETWORKS = ('TinyClassifier', 'VGG16Classifier', 'InceptionV3Classifier')


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--root', required=True, help='common-format root')
    p.add_argument('--domains', nargs='+', required=True)
    p.add_argument('--split', default='train')
    p.add_argument('--val-split')
    p.add_argument('--network', default='TinyClassifier',
                   choices=NETWORKS, help='the classifier')
    p.add_argument('--network-options', nargs='+', action=DictAction,
                   default={}, metavar='KEY=VALUE',
                   help='its arguments, e.g. pretrained=False '
                   'input_size=75 (InceptionV3Classifier)')
    p.add_argument('--masked', action='store_true',
                   help='zero pixels outside the instance masks')
    p.add_argument('--size', type=int, default=64)
    p.add_argument('--iters', type=int, default=300)
    p.add_argument('--batch-size', type=int, default=16)
    p.add_argument('--lr', type=float, default=1e-3)
    p.add_argument('--num-workers', type=int, default=0,
                   help='image-reading processes')
    p.add_argument('--device',
                   default='cuda' if torch.cuda.is_available() else 'cpu')
    add_out_option(p, 'pth', what='the trained classifier')
    args = p.parse_args(argv)
    check_out(args.out, 'pth', args.overwrite)
    register_all_modules(init_default_scope=False)
    ckpt = train_domain_classifier(
        args.root, args.domains,
        dict(type=args.network, num_classes=len(args.domains),
             **args.network_options),
        args.masked, args.split, args.val_split, args.size, args.iters,
        args.batch_size, args.lr, num_workers=args.num_workers,
        device=args.device)
    os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
    with atomic_path(args.out) as tmp:
        torch.save(ckpt, tmp)
    meta = ckpt['meta']
    print(f'saved {args.out}: train accuracy '
          f'{meta["train_accuracy"]:.1f}%' +
          (f', {args.val_split} accuracy {meta["val_accuracy"]:.1f}%'
           if 'val_accuracy' in meta else ''))


if __name__ == '__main__':
    main()
