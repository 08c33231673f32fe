"""Convert the DRIT++ authors' released checkpoint to an mmi2i checkpoint.

SRC is a file as the authors publish it (``models/download_model.sh``
fetches ``example.pth``, yosemite summer <-> winter, ``--concat 1``) or
one their training saved: ``enc_c``, ``enc_a``, ``gen`` and the five
discriminators, ``A`` being the config's first domain. Every network is
converted; the optimizer states are not kept.

Example::

    python tools/model_converters/drit_official.py models/example.pth \
        work_dirs/drit_yosemite_official.pth \
        --config configs/drit/yosemite_official.py
"""
from mmi2i.apis.official import (convert_official, official_parser,
                                 read_official)
from mmi2i.datasets.converters.cli import run_tool
from mmi2i.datasets.io import DataError
from mmi2i.models.editors.drit.official_weights import (OFFICIAL_NETS,
                                                        convert_official_drit)


def convert(src: str, out: str, config: str, overwrite: bool = False) -> dict:
    """Write the converted checkpoint; returns it."""

    def load(model):
        ckpt = read_official(src)
        missing = [k for k in OFFICIAL_NETS if k not in ckpt]
        if missing:
            raise DataError(f'{src} is not a DRIT checkpoint: it has no '
                            f'{missing} (it holds {sorted(ckpt)[:8]})')
        if 'fc_A.0.weight' not in ckpt['enc_a']:
            raise DataError(f"{src} is a --concat 0 model (E_attr without "
                            "fc_A / fcVar_A); mmi2i's DRIT is the --concat 1 "
                            'form')
        return convert_official_drit(ckpt, model)

    return convert_official(config, out, [src], load, 'DRIT', overwrite)


def main(argv=None):
    args = official_parser(
        __doc__, "the authors' checkpoint (enc_c, enc_a, gen, dis*)",
        'configs/drit/yosemite_official.py').parse_args(argv)
    convert(args.src, args.out, args.config, args.overwrite)


if __name__ == '__main__':
    run_tool(main)
