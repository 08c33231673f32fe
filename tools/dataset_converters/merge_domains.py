"""Merge domains of the common format into one COCO file for detectors.

Example (the toy detector's training data)::

    python tools/dataset_converters/merge_domains.py --root data/shapes \
        --domains sheep giraffe --split train \
        --out data/shapes/annotations/det_train.json
"""
from mmi2i.datasets.converters import merge_domains
from mmi2i.datasets.converters.cli import converter_parser, run_tool


def main(argv=None):
    p = converter_parser(__doc__, link=None, allow_empty=False,
                         out_kind='json', out_help='the merged annotations')
    p.add_argument('--root', required=True,
                   help='dataset root of the common format')
    p.add_argument('--domains', nargs='+', required=True)
    p.add_argument('--classes', nargs='+',
                   help='category order (default: order of appearance)')
    args = p.parse_args(argv)
    data = run_tool(merge_domains, args.root, args.domains, args.split,
                    args.out, args.classes, overwrite=args.overwrite)
    print(f'{args.out}: {len(data["images"])} images, '
          f'{len(data["annotations"])} instances, categories '
          f'{[c["name"] for c in data["categories"]]}')


if __name__ == '__main__':
    main()
