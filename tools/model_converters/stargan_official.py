"""Convert the StarGAN authors' released model to an mmi2i checkpoint.

SRC is the generator file as the authors publish it (``bash download.sh
pretrained-celeba-128x128`` unpacks ``200000-G.ckpt`` and
``200000-D.ckpt`` into ``stargan_celeba_128/models``); the ``-D`` file
beside it is converted too when present. The config's domains are the
model's attributes in the authors' label order.

Example::

    python tools/model_converters/stargan_official.py \
        stargan_celeba_128/models/200000-G.ckpt \
        work_dirs/stargan_celeba_official.pth \
        --config configs/stargan/celeba_official.py
"""
import os.path as osp
import re

from mmi2i.apis.official import (convert_official, official_parser,
                                 read_official)
from mmi2i.datasets.converters.cli import run_tool
from mmi2i.models.editors.stargan.official_weights import (
    convert_official_discriminator, convert_official_generator)


def convert(src: str, out: str, config: str, overwrite: bool = False) -> dict:
    """Write the converted checkpoint; returns it."""
    disc = re.sub(r'-G(\.ckpt)$', r'-D\1', src)
    files = [src] + ([disc] if disc != src and osp.isfile(disc) else [])

    def load(model):
        state = convert_official_generator(
            read_official(src), len(model.generator.encoder.model))
        if len(files) > 1:
            state.update(convert_official_discriminator(read_official(disc)))
        return state

    return convert_official(config, out, files, load, 'StarGAN', overwrite)


def main(argv=None):
    args = official_parser(
        __doc__, "the authors' generator file (N-G.ckpt)",
        'configs/stargan/celeba_official.py').parse_args(argv)
    convert(args.src, args.out, args.config, args.overwrite)


if __name__ == '__main__':
    run_tool(main)
