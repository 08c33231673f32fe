"""Clothing Co-Parsing -> one instance per image for a part (InstaGAN's
jeans <-> skirt).

Example::

    for part in jeans skirt; do
      python tools/dataset_converters/ccp.py data/clothing-co-parsing \
          data/ccp_jeans2skirt --part $part --split train
    done
"""
import argparse

from mmi2i.datasets.converters import convert_ccp


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('root', help='CCP folder (photos/, annotations/, '
                   'label_list.mat)')
    p.add_argument('out', help='output root')
    p.add_argument('--part', required=True, help='a name of label_list.mat')
    p.add_argument('--split', default='train')
    p.add_argument('--ids-file', help='image ids of the split, one a line '
                   '(default: every image with pixel-level labels)')
    p.add_argument('--min-area', type=int, default=50)
    p.add_argument('--link', choices=['copy', 'symlink', 'hardlink'],
                   default='copy')
    args = p.parse_args(argv)
    n = convert_ccp(args.root, args.out, args.part, args.split,
                    args.ids_file, args.min_area, args.link)
    print(f'{args.part}_{args.split}: {n} images')


if __name__ == '__main__':
    main()
