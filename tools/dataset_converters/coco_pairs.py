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
from mmi2i.datasets.converters import convert_coco_pairs
from mmi2i.datasets.converters.cli import converter_parser, run_tool


def main(argv=None):
    p = converter_parser(__doc__, link='symlink')
    p.add_argument('--ann', required=True, help='COCO instances JSON')
    p.add_argument('--img-dir', required=True, help='COCO image folder')
    p.add_argument('--categories', nargs='+', required=True,
                   help='category names, one domain each')
    p.add_argument('--min-instances', type=int, default=1)
    p.add_argument('--max-instances', type=int, default=None)
    p.add_argument('--min-area', type=float, default=0.0,
                   help='ignore instances smaller than this (pixels; the '
                   '"area" field, else computed from the segmentation)')
    p.add_argument('--exclusive', action='store_true',
                   help='drop images that qualify for several categories')
    args = p.parse_args(argv)
    run_tool(
        convert_coco_pairs, args.ann, args.img_dir, args.out,
        args.categories, args.split, args.min_instances, args.max_instances,
        args.min_area, args.exclusive, args.link,
        allow_empty=args.allow_empty)


if __name__ == '__main__':
    main()
