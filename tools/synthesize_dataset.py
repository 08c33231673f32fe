"""Translate a whole COCO-format dataset with a trained model, keeping its
boxes and masks (for detector training on synthetic data).

Example::

    python tools/synthesize_dataset.py configs/cyclegan_seg/shapes.py \
        work_dirs/demo/iter_3000.pth \
        --ann data/shapes/annotations/sheep_train.json \
        --img-dir data/shapes/images/sheep_train \
        --out data/shapes_synth/sheep2giraffe_train

Writes ``OUT/images/*.png`` (at the original image sizes) and
``OUT/annotations.json``; rerunning skips images already written, so an
interrupted run resumes.
"""
import argparse

from mmi2i.apis import init_model, synthesize_dataset, task_domains
from mmi2i.datasets.converters.cli import add_out_option, check_out, run_tool


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--ann', required=True, help='COCO-format JSON')
    p.add_argument('--img-dir', required=True)
    add_out_option(p, 'dataset', what='the translated images and their '
                   'annotations (an interrupted run resumes there)')
    p.add_argument('--source-domain',
                   help='default: the first domain but the target')
    p.add_argument('--target-domain',
                   help='default: the model\'s last domain (but the '
                   'source)')
    p.add_argument('--classes', nargs='+',
                   help='categories whose masks the model receives')
    p.add_argument('--batch-size', type=int, default=4)
    p.add_argument('--device', default='cpu')
    args = p.parse_args(argv)
    check_out(args.out, 'dataset', inputs=[args.ann, args.img_dir])
    model = init_model(args.config, args.checkpoint, args.device)
    source, (target, ) = task_domains(
        model.domains, args.source_domain,
        [args.target_domain] if args.target_domain else None)
    res = synthesize_dataset(model, args.ann, args.img_dir, args.out, source,
                             target, args.classes, args.batch_size)
    print(f'\n{res["translated"]} translated, {res["skipped"]} already '
          f'done; annotations: {res["ann_file"]}')


if __name__ == '__main__':
    run_tool(main)
