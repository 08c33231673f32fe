"""KITTI object detection -> one domain of boxes (MGUIT's KITTI ->
Cityscapes: person, car, truck, bicycle).

Example::

    python tools/dataset_converters/kitti.py \
        --root data/KITTI/object/training --out data/kitti2cityscapes \
        --domain kitti --split train

The default class map keeps Pedestrian and Person_sitting as person, Car,
Truck, and Cyclist as bicycle; --class-map TYPE=NAME ... replaces it.
"""
from mmi2i.datasets.converters import KITTI_TO_COMMON, convert_kitti
from mmi2i.datasets.converters.cli import (add_class_map, converter_parser,
                                           parse_pairs, run_tool)


def main(argv=None):
    p = converter_parser(__doc__)
    p.add_argument('--root', required=True,
                   help='KITTI folder with image_2/ and label_2/')
    p.add_argument('--domain', default='kitti')
    add_class_map(p, KITTI_TO_COMMON, 'TYPE')
    args = p.parse_args(argv)
    run_tool(lambda: convert_kitti(
        args.root, args.out, args.domain, args.split,
        parse_pairs(args.class_map), args.link, args.allow_empty))


if __name__ == '__main__':
    main()
