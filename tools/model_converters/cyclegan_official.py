"""Convert the CycleGAN authors' released generators to an mmi2i checkpoint.

SRC is one direction's file as the authors publish it
(``./scripts/download_cyclegan_model.sh horse2zebra`` saves
``checkpoints/horse2zebra_pretrained/latest_net_G.pth``): the config's
first domain to its second. ``--reverse`` adds the other direction's file
(``zebra2horse``); without it that generator, and the discriminators (not
released), keep their initialization, as the summary line says.

Example::

    python tools/model_converters/cyclegan_official.py \
        checkpoints/horse2zebra_pretrained/latest_net_G.pth \
        work_dirs/cyclegan_horse2zebra_official.pth \
        --reverse checkpoints/zebra2horse_pretrained/latest_net_G.pth \
        --config configs/cyclegan/horse2zebra_official.py
"""
from mmi2i.apis.official import (convert_official, official_parser,
                                 read_official)
from mmi2i.datasets.converters.cli import run_tool
from mmi2i.models.editors.cyclegan.official_weights import \
    convert_official_generator


def convert(src: str, out: str, config: str, reverse: str = None,
            overwrite: bool = False) -> dict:
    """Write the converted checkpoint; returns it."""
    files = {'generator_ab': src}
    if reverse:
        files['generator_ba'] = reverse

    def load(model):
        state = {}
        for name, path in files.items():
            state.update(convert_official_generator(
                read_official(path), name + '.',
                len(getattr(model, name).encoder.model)))
        return state

    return convert_official(config, out, list(files.values()), load,
                            'CycleGAN', overwrite)


def main(argv=None):
    p = official_parser(__doc__, "one direction's latest_net_G.pth (the "
                        "config's first domain to its second)",
                        'configs/cyclegan/horse2zebra_official.py')
    p.add_argument('--reverse', help="the other direction's file")
    args = p.parse_args(argv)
    convert(args.src, args.out, args.config, args.reverse, args.overwrite)


if __name__ == '__main__':
    run_tool(main)
