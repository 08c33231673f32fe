"""Convert the InstaGAN authors' released weights to an mmi2i checkpoint.

SRC is the folder of ``latest_net_G_A.pth`` and ``latest_net_G_B.pth``
(and ``latest_net_D_A.pth``, ``latest_net_D_B.pth`` when released; without
them the discriminators keep their initialization, which inference never
uses). The result runs with ``tools/test.py CONFIG OUT.pth`` and
``tools/translate.py CONFIG OUT.pth ...``.

Example::

    python tools/model_converters/instagan_official.py \
        checkpoints/shp2gir_coco_instagan work_dirs/instagan_official.pth \
        --config configs/instagan/sheep2giraffe.py
"""
import os.path as osp

from mmi2i.apis.official import (convert_official, official_parser,
                                 read_official)
from mmi2i.datasets.converters.cli import run_tool
from mmi2i.datasets.io import DataError
from mmi2i.models.editors.instagan.official_weights import (
    OFFICIAL_NETS, convert_official_net)


def convert(src_dir: str, out: str, config: str,
            overwrite: bool = False) -> dict:
    """Write the converted checkpoint; returns it."""
    paths = {n: osp.join(src_dir, f'latest_net_{n}.pth')
             for n in OFFICIAL_NETS}
    for name in ('G_A', 'G_B'):
        if not osp.isfile(paths[name]):
            raise DataError(f'{paths[name]} not found (the generators are '
                            'required)')
    found = [n for n in OFFICIAL_NETS if osp.isfile(paths[n])]

    def load(model):
        out = {}
        for name in found:
            out.update(convert_official_net(name, read_official(paths[name])))
        return out

    return convert_official(config, out, list(paths.values()), load,
                            'InstaGAN', overwrite,
                            meta=dict(official_files=found))


def main(argv=None):
    args = official_parser(
        __doc__, 'folder with latest_net_*.pth',
        'configs/instagan/sheep2giraffe.py').parse_args(argv)
    convert(args.src, args.out, args.config, args.overwrite)


if __name__ == '__main__':
    run_tool(main)
