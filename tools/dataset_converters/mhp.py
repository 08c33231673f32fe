"""LV-MHP v1 -> one instance per person wearing a part (InstaGAN's
pants <-> skirt).

Example::

    for part in pants skirt; do
      python tools/dataset_converters/mhp.py data/LV-MHP-v1 data/mhp_pants2skirt \
          --part $part --split train --ids-file data/LV-MHP-v1/train_list.txt
    done
"""  # noqa: E501
import argparse

from mmi2i.datasets.converters import MHP_V1_PARTS, convert_mhp, parse_part_ids


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('root', help='LV-MHP v1 folder (images/, annotations/)')
    p.add_argument('out', help='output root')
    p.add_argument('--part', required=True,
                   help=f'one of {sorted(MHP_V1_PARTS.values())}')
    p.add_argument('--split', default='train')
    p.add_argument('--ids-file', help='image ids of the split, one a line')
    p.add_argument('--min-area', type=int, default=50)
    p.add_argument('--part-ids', nargs='+', metavar='ID=NAME',
                   help='override the label map, e.g. 5=skirt 6=pants')
    p.add_argument('--link', choices=['copy', 'symlink', 'hardlink'],
                   default='copy')
    args = p.parse_args(argv)
    n = convert_mhp(args.root, args.out, args.part, args.split,
                    args.ids_file, args.min_area,
                    parse_part_ids(args.part_ids), args.link)
    print(f'{args.part}_{args.split}: {n} images')


if __name__ == '__main__':
    main()
