"""Cityscapes gtFine instance ids -> one domain of instance masks (MGUIT's
KITTI -> Cityscapes: person, car, truck, bicycle).

Example::

    python tools/dataset_converters/cityscapes.py --root data/cityscapes \
        --out data/kitti2cityscapes --domain cityscapes --split val

The default class map keeps label ids 24 person, 26 car, 27 truck and 33
bicycle; --class-map ID=NAME ... replaces it. Crowd regions are left out.
"""
from mmi2i.datasets.converters import CITYSCAPES_TO_COMMON, convert_cityscapes
from mmi2i.datasets.converters.cli import (add_class_map, converter_parser,
                                           parse_pairs, run_tool)


def main(argv=None):
    p = converter_parser(__doc__)
    p.add_argument('--root', required=True,
                   help='Cityscapes folder with leftImg8bit/ and gtFine/')
    p.add_argument('--domain', default='cityscapes')
    add_class_map(p, CITYSCAPES_TO_COMMON, 'ID')
    args = p.parse_args(argv)
    run_tool(lambda: convert_cityscapes(
        args.root, args.out, args.domain, args.split,
        parse_pairs(args.class_map, int), args.link, args.allow_empty))


if __name__ == '__main__':
    main()
