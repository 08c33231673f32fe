"""Convert InstaGAN's folder layout (trainA, trainA_seg, ...) to the
common format. Any phase name works (train, val, sample, ...).

Example::

    python tools/dataset_converters/instagan_folders.py \
        datasets/pants2skirt_mhp data/mhp_pants2skirt --domains pants skirt
"""
import argparse

from mmi2i.datasets.converters import convert_instagan_folders


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('root', help='folder holding <phase>A, <phase>A_seg, ...')
    p.add_argument('out', help='output root')
    p.add_argument('--domains', nargs=2, default=['A', 'B'],
                   metavar=('NAME_A', 'NAME_B'),
                   help='names of domains A and B (and their category)')
    p.add_argument('--phases', nargs='+',
                   help='phases to convert (default: all found)')
    p.add_argument('--link', choices=['copy', 'symlink', 'hardlink'],
                   default='copy')
    args = p.parse_args(argv)
    written = convert_instagan_folders(args.root, args.out, args.domains,
                                       args.phases, args.link)
    for key, n in written.items():
        print(f'{key}: {n} images')


if __name__ == '__main__':
    main()
