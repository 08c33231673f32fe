"""Select COCO images of given categories into one domain per category.

Example (InstaGAN's sheep <-> giraffe)::

    python tools/dataset_converters/coco_pairs.py \
        --ann data/coco/annotations/instances_train2017.json \
        --img-dir data/coco/train2017 --out data/coco_sheep2giraffe \
        --categories sheep giraffe --split train --min-area 1024
    python tools/dataset_converters/coco_pairs.py \
        --ann data/coco/annotations/instances_val2017.json \
        --img-dir data/coco/val2017 --out data/coco_sheep2giraffe \
        --categories sheep giraffe --split val --min-area 1024
"""
import argparse

from mmi2i.datasets.converters import convert_coco_pairs


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--ann', required=True, help='COCO instances JSON')
    p.add_argument('--img-dir', required=True, help='COCO image folder')
    p.add_argument('--out', required=True, help='output root')
    p.add_argument('--categories', nargs='+', required=True,
                   help='category names, one domain each')
    p.add_argument('--split', default='train')
    p.add_argument('--min-instances', type=int, default=1)
    p.add_argument('--max-instances', type=int, default=None)
    p.add_argument('--min-area', type=float, default=0.0,
                   help='ignore instances smaller than this (pixels)')
    p.add_argument('--exclusive', action='store_true',
                   help='drop images that qualify for several categories')
    p.add_argument('--link', choices=['copy', 'symlink', 'hardlink'],
                   default='symlink', help='how images are placed')
    args = p.parse_args(argv)
    written = convert_coco_pairs(
        args.ann, args.img_dir, args.out, args.categories, args.split,
        args.min_instances, args.max_instances, args.min_area,
        args.exclusive, args.link)
    for cat, n in written.items():
        print(f'{cat}_{args.split}: {n} images')


if __name__ == '__main__':
    main()
