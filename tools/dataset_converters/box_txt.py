"""Convert per-image box text files (``cls x1 y1 x2 y2`` lines, INIT/MGUIT
style) to the common format; boxes become rectangle masks when loaded.

Example::

    python tools/dataset_converters/box_txt.py --img-dir init/sunny/img \
        --box-dir init/sunny/bbox --class-map init/classes.txt \
        --out data/init --domain sunny --split train
"""
from mmi2i.datasets.converters import convert_box_txt, load_class_map
from mmi2i.datasets.converters.cli import converter_parser, run_tool


def main(argv=None):
    p = converter_parser(__doc__)
    p.add_argument('--img-dir', required=True)
    p.add_argument('--box-dir', required=True,
                   help='folder of <image stem>.txt files')
    p.add_argument('--class-map', required=True,
                   help='text file of "<cls> <name>" lines, or JSON')
    p.add_argument('--domain', required=True)
    p.add_argument('--missing-txt', choices=['empty', 'error'],
                   default='empty',
                   help='an image without txt has no instances, or fails')
    p.add_argument('--image-size', type=int, nargs=2, metavar=('H', 'W'),
                   help='keep only the images of this size (CGL: the INIT '
                   'dataset\'s 1280x1920 images)')
    args = p.parse_args(argv)
    run_tool(
        lambda: convert_box_txt(
            args.img_dir, args.box_dir, args.out, args.domain, args.split,
            load_class_map(args.class_map), args.missing_txt, args.link,
            args.allow_empty, args.image_size))


if __name__ == '__main__':
    main()
