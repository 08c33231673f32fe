"""Clothing Co-Parsing -> one instance per image for a part (InstaGAN's
jeans <-> skirt).

Example::

    for part in jeans skirt; do
      python tools/dataset_converters/ccp.py --root data/clothing-co-parsing \
          --out data/ccp_jeans2skirt --part $part --split train
    done
"""
from mmi2i.datasets.converters import convert_ccp
from mmi2i.datasets.converters.cli import converter_parser, run_tool


def main(argv=None):
    p = converter_parser(__doc__)
    p.add_argument('--root', required=True,
                   help='CCP folder (photos/, annotations/, label_list.mat)')
    p.add_argument('--part', required=True, help='a name of label_list.mat')
    p.add_argument('--ids-file', help='image ids of the split, one a line '
                   '(default: every image with pixel-level labels)')
    p.add_argument('--min-area', type=int, default=50)
    args = p.parse_args(argv)
    run_tool(
        convert_ccp, args.root, args.out, args.part, args.split,
        args.ids_file, args.min_area, args.link, args.allow_empty)


if __name__ == '__main__':
    main()
