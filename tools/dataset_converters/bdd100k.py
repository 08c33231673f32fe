"""BDD100K -> CGL's weather domains (sunny, night, cloudy, rainy) of
car / person / traffic-sign boxes (and polygons where the labels have
them).

Example::

    python tools/dataset_converters/bdd100k.py \
        --ann bdd100k/labels/bdd100k_labels_images_train.json \
        --img-dir bdd100k/images/100k/train --out data/bdd100k_weather \
        --split train

Domains from the frame attributes: night = clear + night, sunny = clear +
daytime, cloudy = overcast / partly cloudy + daytime, rainy = rainy +
daytime; other frames are skipped. --class-map CATEGORY=NAME ... replaces
the default (car, person, traffic sign -> traffic_sign).
"""
from mmi2i.datasets.converters import BDD_TO_COMMON, convert_bdd100k
from mmi2i.datasets.converters.cli import (add_class_map, converter_parser,
                                           parse_pairs, run_tool)


def main(argv=None):
    p = converter_parser(__doc__)
    p.add_argument('--ann', required=True, help='BDD100K label JSON')
    p.add_argument('--img-dir', required=True)
    add_class_map(p, BDD_TO_COMMON, 'CATEGORY')
    args = p.parse_args(argv)
    run_tool(lambda: convert_bdd100k(
        args.ann, args.img_dir, args.out, args.split,
        parse_pairs(args.class_map), args.link, args.allow_empty))


if __name__ == '__main__':
    main()
