"""Merge domains of the common format into one COCO file for detectors.

Example (the toy detector's training data)::

    python tools/dataset_converters/merge_domains.py data/shapes \
        --domains sheep giraffe --split train \
        --out data/shapes/annotations/det_train.json
"""
import argparse

from mmi2i.datasets.converters import merge_domains


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('root', help='dataset root of the common format')
    p.add_argument('--domains', nargs='+', required=True)
    p.add_argument('--split', default='train')
    p.add_argument('--classes', nargs='+',
                   help='category order (default: order of appearance)')
    p.add_argument('--out', required=True, help='merged JSON path')
    args = p.parse_args(argv)
    data = merge_domains(args.root, args.domains, args.split, args.out,
                         args.classes)
    print(f'{args.out}: {len(data["images"])} images, '
          f'{len(data["annotations"])} instances, categories '
          f'{[c["name"] for c in data["categories"]]}')


if __name__ == '__main__':
    main()
