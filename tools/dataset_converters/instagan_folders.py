"""Convert InstaGAN's folder layout (trainA, trainA_seg, ...) to the
common format. Any phase name works (train, val, sample, ...); the phase
becomes the split, or the split named after ``=``.

Examples::

    python tools/dataset_converters/instagan_folders.py \
        --root datasets/pants2skirt_mhp --out data/mhp_pants2skirt \
        --domains pants skirt
    # the authors' 7 + 7 image sample as a train split (their anti-aliased
    # masks are read at > 127, as a printed line says)
    python tools/dataset_converters/instagan_folders.py \
        --root instagan/datasets/shp2gir_coco --out data/shp2gir_sample \
        --domains sheep giraffe --phases sample=train
    # the CycleGAN datasets (trainA, trainB, testA, testB; no masks)
    python tools/dataset_converters/instagan_folders.py \
        --root datasets/horse2zebra --out data/horse2zebra \
        --domains horse zebra --phases train test=val --allow-empty
"""
from mmi2i.datasets.converters import convert_instagan_folders
from mmi2i.datasets.converters.cli import (add_mask_options, converter_parser,
                                           run_tool)


def main(argv=None):
    p = converter_parser(__doc__, split=None)
    p.add_argument('--root', required=True,
                   help='folder holding <phase>A, <phase>A_seg, ...')
    p.add_argument('--domains', nargs=2, default=['A', 'B'],
                   metavar=('NAME_A', 'NAME_B'),
                   help='names of domains A and B (and their category)')
    p.add_argument('--phases', nargs='+', metavar='PHASE[=SPLIT]',
                   help='phases to convert (default: all found), each as '
                   'the split of its name or of the name after =')
    add_mask_options(p)
    args = p.parse_args(argv)
    run_tool(
        convert_instagan_folders, args.root, args.out, args.domains,
        args.phases, args.link, allow_empty=args.allow_empty,
        mask_value=args.mask_value, mask_threshold=args.mask_threshold)


if __name__ == '__main__':
    main()
