"""Convert the MUNIT authors' released generators to an mmi2i checkpoint.

SRC is a file as the authors publish it (the README's pretrained
``models/edges2shoes.pt``, or a ``gen_*.pt`` of their training):
``{'a': ..., 'b': ...}``, ``a`` being the config's first domain. The
discriminators are not in it and keep their initialization (unused at
inference).

Example::

    python tools/model_converters/munit_official.py models/edges2shoes.pt \
        work_dirs/munit_edges2shoes_official.pth \
        --config configs/munit/edges2shoes_official.py
"""
from mmi2i.apis.official import (convert_official, official_parser,
                                 read_official)
from mmi2i.datasets.converters.cli import run_tool
from mmi2i.datasets.io import DataError
from mmi2i.models.editors.munit.official_weights import \
    convert_official_generators


def convert(src: str, out: str, config: str, overwrite: bool = False) -> dict:
    """Write the converted checkpoint; returns it."""

    def load(model):
        ckpt = read_official(src)
        if not {'a', 'b'} <= set(ckpt):
            raise DataError(f"{src} is not an MUNIT generator file (it holds "
                            f"{sorted(ckpt)[:6]}, not 'a' and 'b'; the "
                            "authors' dis_*.pt files hold discriminators)")
        return convert_official_generators(ckpt, model.domains)

    return convert_official(config, out, [src], load, 'MUNIT', overwrite)


def main(argv=None):
    args = official_parser(
        __doc__, "the authors' generator file ({'a': ..., 'b': ...})",
        'configs/munit/edges2shoes_official.py').parse_args(argv)
    convert(args.src, args.out, args.config, args.overwrite)


if __name__ == '__main__':
    run_tool(main)
