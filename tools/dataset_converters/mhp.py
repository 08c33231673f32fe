"""LV-MHP v1 -> one instance per person wearing a part (InstaGAN's
pants <-> skirt).

Example::

    for part in pants skirt; do
      python tools/dataset_converters/mhp.py --root data/LV-MHP-v1 \
          --out data/mhp_pants2skirt --part $part --split train \
          --ids-file data/LV-MHP-v1/train_list.txt
    done
"""
from mmi2i.datasets.converters import MHP_V1_PARTS, convert_mhp, parse_part_ids
from mmi2i.datasets.converters.cli import converter_parser, run_tool


def main(argv=None):
    p = converter_parser(__doc__)
    p.add_argument('--root', required=True,
                   help='LV-MHP v1 folder (images/, annotations/)')
    p.add_argument('--part', required=True,
                   help=f'one of {sorted(MHP_V1_PARTS.values())}')
    p.add_argument('--ids-file', help='image ids of the split, one a line')
    p.add_argument('--min-area', type=int, default=50)
    p.add_argument('--part-ids', nargs='+', metavar='ID=NAME',
                   help='override the label map, e.g. 5=skirt 6=pants')
    args = p.parse_args(argv)
    run_tool(lambda: convert_mhp(
        args.root, args.out, args.part, args.split, args.ids_file,
        args.min_area, parse_part_ids(args.part_ids), args.link,
        args.allow_empty))


if __name__ == '__main__':
    main()
