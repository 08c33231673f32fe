"""Generate the synthetic shapes dataset in the common format.

Examples::

    python tools/dataset_converters/shapes.py --out data/shapes
    python tools/dataset_converters/shapes.py --out data/shapes_multi --kind multi
"""  # noqa: E501
from mmi2i.datasets.converters import generate_shapes
from mmi2i.datasets.converters.cli import converter_parser, run_tool


def parse_args(argv=None):
    p = converter_parser(__doc__, split=None, link=None, allow_empty=False,
                         out_help='e.g. data/shapes')
    p.add_argument(
        '--kind', choices=['pair', 'multi'], default='pair',
        help='pair: sheep vs giraffe; multi: grass/sand/snow backgrounds')
    p.add_argument('--num-train', type=int, default=200,
                   help='train images per domain')
    p.add_argument('--num-test', type=int, default=20,
                   help='test images per domain')
    p.add_argument('--size', type=int, default=64, help='image side (px)')
    p.add_argument('--seed', type=int, default=0)
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    run_tool(
        generate_shapes, args.out, kind=args.kind,
        splits=dict(train=args.num_train, test=args.num_test),
        size=args.size, seed=args.seed, verbose=True)
    print(f'wrote {args.out}')


if __name__ == '__main__':
    main()
